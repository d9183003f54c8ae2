// One page of case entities, in id order from the Entity id index. Sources come too: the export
// writes those a source entry cannot carry (aliases, other citations) as entities of type Source.
MATCH (n:Entity)
WHERE n.id > $after AND {{caseDataN}}
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
ORDER BY n.id
LIMIT $limit
