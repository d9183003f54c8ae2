MATCH (q:SavedQuery {id: $id})
DELETE q
