// Facts with an end this import did not create: ends found by `id` through the Entity index.
// `_staged` hides the fact from readers until the import is published (`facts-publish`).
UNWIND range(0, $count - 1) AS i
MATCH (a:Entity {id: $from[i]}) USING INDEX SEEK a:Entity(id)
MATCH (b:Entity {id: $to[i]}) USING INDEX SEEK b:Entity(id)
CREATE (a)-[r:{{type}}]->(b)
SET {{set}}, r._staged = true
RETURN count(*) AS created
