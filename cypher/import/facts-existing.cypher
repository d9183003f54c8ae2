// What already exists of a batch of fact ids of one type, with their ends.
UNWIND $ids AS id
MATCH (a)-[r:{{type}} {id: id}]->(b) USING INDEX SEEK r:{{type}}(id)
RETURN r.id AS id, a.id AS from, b.id AS to, properties(r) AS props
