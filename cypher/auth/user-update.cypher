MATCH (u:_User {username: $username})
SET u += $changes
RETURN u
