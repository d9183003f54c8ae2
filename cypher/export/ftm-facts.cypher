// The facts among the entities of an FtM selection (both ends in `$ids`), in the export's order.
MATCH (a:Entity)
WHERE a.id IN $ids AND {{caseDataA}}
MATCH (a)-[r]->(b:Entity)
WHERE b.id IN $ids AND r.id IS NOT NULL AND {{caseDataB}} AND {{caseFactR}}
RETURN a.id AS from, type(r) AS type, r.id AS id, b.id AS to, properties(r) AS props
ORDER BY a.id, type(r), r.id
