MATCH ()-[r:{{type}} {id: $key}]->() USING INDEX SEEK r:{{type}}(id)
SET r = $before
