// The saved queries a user may see: their own and everyone's shared ones.
MATCH (q:SavedQuery)
WHERE q.owner = $owner OR q.visibility = 'shared'
RETURN q
ORDER BY q.title, q.id
LIMIT $limit
