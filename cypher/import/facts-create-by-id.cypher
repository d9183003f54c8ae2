// Facts with an end this import did not create: ends found by `id` through the Entity index.
UNWIND range(0, $count - 1) AS i
MATCH (a:Entity {id: $from[i]}) USING INDEX SEEK a:Entity(id)
MATCH (b:Entity {id: $to[i]}) USING INDEX SEEK b:Entity(id)
CREATE (a)-[r:{{type}}]->(b)
SET {{set}}
RETURN count(*) AS created
