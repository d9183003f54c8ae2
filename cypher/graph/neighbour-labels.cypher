// Neighbour labels along one relationship type and direction, over at most $limit neighbours:
// exact when the cell holds no more than that, a sample otherwise. App nodes are not neighbours.
MATCH (n)
WHERE elementId(n) = $elementId
MATCH (n){{relationship}}(m)
WHERE {{caseDataM}} AND {{caseFactR}}
WITH m
LIMIT $limit
RETURN labels(m) AS labels, count(*) AS count
