MATCH (s:_Session {username: $username})
DELETE s
RETURN count(*) AS ended
