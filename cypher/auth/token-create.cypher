// Only the SHA-256 of the token is stored; the token itself is shown once, when it is made.
CREATE (t:_ApiToken)
SET t = $token
RETURN t
