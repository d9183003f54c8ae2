// @title What changed in a time window
// @description Facts that began, ended or happened between two dates (YYYY, YYYY-MM or
//   YYYY-MM-DD; a partial end date covers its whole year or month), in date order.
// @param from: date = "2017" | label: From
// @param to: date = "2018" | label: To
MATCH (a)-[fact]->(b)
WITH a, fact, b,
  [entry IN [['began', fact.validFrom], ['ended', fact.validTo], ['happened', fact.date]]
    WHERE entry[1] IS NOT NULL AND entry[1] >= $from AND (entry[1] <= $to OR entry[1] STARTS WITH $to)] AS changes
WHERE size(changes) > 0
UNWIND changes AS change
RETURN change[1] AS dated, change[0] AS kind, a, fact, b
ORDER BY dated, fact.id
