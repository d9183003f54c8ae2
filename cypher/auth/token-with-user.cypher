MATCH (t:_ApiToken {tokenHash: $tokenHash})
OPTIONAL MATCH (u:_User {username: t.username})
RETURN t, u
