// Neighbour labels along one relationship type and direction, over at most $limit neighbours:
// exact when the cell holds no more than that, a sample otherwise.
MATCH (n)
WHERE elementId(n) = $elementId
MATCH (n){{relationship}}(m)
WITH m
LIMIT $limit
RETURN labels(m) AS labels, count(*) AS count
