// The nodes of an FtM selection by id (the canvas's entities and the sources they cite), for
// export-rows.ts. `$ids` is bounded by the route.
MATCH (n:Entity)
WHERE n.id IN $ids AND {{caseDataN}}
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
ORDER BY n.id
