MATCH (u:_User {username: $username})
RETURN u
