// Only the SHA-256 of the session id is stored; the id itself lives in the browser's cookie.
CREATE (s:_Session)
SET s = $session
