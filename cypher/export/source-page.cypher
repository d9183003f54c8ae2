// One page of Source nodes for the export, after the last id of the previous page. Sources are
// few beside entities (one per document read), so the planner's label scan and sort stay small.
MATCH (n:Source)
WHERE n.id > $after AND {{caseDataN}}
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
ORDER BY n.id
LIMIT $limit
