MATCH (u:_User)
RETURN u
ORDER BY u.username
LIMIT $limit
