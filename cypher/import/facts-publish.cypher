// Makes an import's new facts of one type visible: the `_staged` mark goes.
UNWIND $ids AS id
MATCH ()-[r:{{type}} {id: id}]->() USING INDEX SEEK r:{{type}}(id)
REMOVE r._staged
