// What already exists of a batch of entity ids. Every look-up by id says which index to seek: a
// plan cached while the index was small could otherwise scan all of it once per id.
UNWIND $ids AS id
MATCH (n:Entity {id: id}) USING INDEX SEEK n:Entity(id)
RETURN n.id AS id, properties(n) AS props, labels(n) AS labels
