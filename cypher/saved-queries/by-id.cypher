MATCH (q:SavedQuery {id: $id})
RETURN q
