// @title Who supplied whom
// @description Every SUPPLIED fact with its status and confidence, strongest first; optionally
//   only the facts of one supplier, and only above a confidence threshold.
// @param supplier: entity? | label: Supplier | entityTypes: Organisation, Group, Person
// @param minConfidence: number = 0 | label: Minimum confidence | min: 0 | max: 1
MATCH (supplier)-[fact:SUPPLIED]->(customer)
WHERE ($supplier IS NULL OR supplier.id = $supplier)
  AND coalesce(fact.confidence, 0) >= $minConfidence
RETURN supplier, fact, customer, fact.status AS status, fact.confidence AS confidence
ORDER BY confidence DESC, supplier.name, customer.name
