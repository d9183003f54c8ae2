// Paths between two nodes, in either direction, with a hop cap. {{selector}} is SHORTEST 1,
// ALL SHORTEST or SHORTEST k; {{relTypes}} an allowlisted type expression or nothing; {{maxHops}}
// a validated literal (Cypher takes no parameter there).
MATCH (a)
WHERE elementId(a) = $fromElementId
MATCH (b)
WHERE elementId(b) = $toElementId
MATCH p = {{selector}} (a)-[{{relTypes}}*1..{{maxHops}}]-(b)
RETURN p
LIMIT $limit
