CREATE CONSTRAINT auth_session_id_hash IF NOT EXISTS FOR (s:_Session) REQUIRE s.idHash IS UNIQUE
