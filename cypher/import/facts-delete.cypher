UNWIND $ids AS id
MATCH ()-[r:{{type}} {id: id}]->() USING INDEX SEEK r:{{type}}(id)
DELETE r
