// One branch of a UNION ALL: for up to $sample relationships of type {{type}} ({{position}} is its
// place in the caller's list), the labels at each end and how often each pair was seen.
MATCH (a)-[r:{{type}}]->(b)
WITH a, b
LIMIT $sample
RETURN {{position}} AS position, labels(a) AS fromLabels, labels(b) AS toLabels, count(*) AS seen
