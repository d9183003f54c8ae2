MATCH (t:_ApiToken {username: $username})
RETURN t
ORDER BY t.createdAt DESC, t.id
LIMIT $limit
