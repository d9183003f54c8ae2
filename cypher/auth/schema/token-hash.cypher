CREATE CONSTRAINT auth_token_hash IF NOT EXISTS FOR (t:_ApiToken) REQUIRE t.tokenHash IS UNIQUE
