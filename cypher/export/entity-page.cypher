// One page of case entities other than sources, in id order from the Entity id index (sources have
// their own pass: the import format lists them apart).
MATCH (n:Entity)
WHERE n.id > $after AND NOT n:Source AND {{caseDataN}}
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
ORDER BY n.id
LIMIT $limit
