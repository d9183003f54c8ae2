// One page of facts, keyed by (start id, type, fact id): start nodes come in id order from the
// Entity id index, so only the current start node's relationships are sorted (a partial sort),
// and a hub's links are spread over as many pages as they need. Fact ids are unique per type.
MATCH (a:Entity)
WHERE a.id >= $afterFrom AND {{caseDataA}}
MATCH (a)-[r]->(b:Entity)
WHERE r.id IS NOT NULL AND {{caseDataB}} AND {{caseFactR}}
  AND (a.id > $afterFrom OR type(r) > $afterType OR (type(r) = $afterType AND r.id > $afterId))
RETURN a.id AS from, type(r) AS type, r.id AS id, b.id AS to, properties(r) AS props
ORDER BY a.id, type(r), r.id
LIMIT $limit
