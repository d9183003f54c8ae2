MATCH (n:Entity {id: $key}) USING INDEX SEEK n:Entity(id)
SET n = $before
