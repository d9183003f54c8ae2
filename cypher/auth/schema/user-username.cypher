// Users are app data, not case data: `_User`, never `Entity`, so search and paths never see them.
CREATE CONSTRAINT auth_user_username IF NOT EXISTS FOR (u:_User) REQUIRE u.username IS UNIQUE
