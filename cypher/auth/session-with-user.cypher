MATCH (s:_Session {idHash: $idHash})
OPTIONAL MATCH (u:_User {username: s.username})
RETURN s, u
