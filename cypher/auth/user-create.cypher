// The unique constraint on username turns a second user of the same name into an error.
CREATE (u:_User)
SET u = $user
RETURN u
