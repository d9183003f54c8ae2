CREATE INDEX auth_session_username IF NOT EXISTS FOR (s:_Session) ON (s.username)
