CREATE INDEX auth_token_username IF NOT EXISTS FOR (t:_ApiToken) ON (t.username)
