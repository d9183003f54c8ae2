// @title Customers of an organisation
// @description Who buys from an organisation: parties that are its customers and parties it
//   supplied.
// @param organisation: entity | label: Organisation | entityTypes: Organisation, Group, Person
MATCH (organisation:Entity {id: $organisation})<-[fact:CUSTOMER_OF]-(customer)
RETURN customer, fact, organisation
UNION ALL
MATCH (organisation:Entity {id: $organisation})-[fact:SUPPLIED]->(customer)
RETURN customer, fact, organisation
