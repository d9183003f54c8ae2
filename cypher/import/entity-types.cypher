// Labels of entities already in the graph, by id (ends of facts a document does not define).
UNWIND $ids AS id
MATCH (n:Entity {id: id}) USING INDEX SEEK n:Entity(id)
RETURN n.id AS id, labels(n) AS labels
