// Someone else's token is "not found" for the caller, exactly like one that does not exist.
MATCH (t:_ApiToken {id: $id, username: $username})
DELETE t
RETURN count(*) AS deleted
