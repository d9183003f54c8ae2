// @title Arrests
// @description Who was arrested, by whom, where and when.
MATCH (person:Person)
OPTIONAL MATCH (authority)-[arrested:ARRESTED]->(person)
OPTIONAL MATCH (person)-[arrestedIn:ARRESTED_IN]->(place)
WITH person, authority, arrested, arrestedIn, place
WHERE arrested IS NOT NULL OR arrestedIn IS NOT NULL
RETURN person, arrested, authority, arrestedIn, place, coalesce(arrested.date, arrestedIn.date) AS date
ORDER BY date, person.name
