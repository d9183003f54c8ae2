MATCH (q:SavedQuery {id: $id})
SET q += $changes
RETURN q
