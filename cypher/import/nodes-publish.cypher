// Makes an import's new entities visible: the `_Staged` label goes.
UNWIND $ids AS id
MATCH (n:Entity {id: id}) USING INDEX SEEK n:Entity(id)
REMOVE n:_Staged
