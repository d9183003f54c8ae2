// Users, sessions and API tokens live in the app store since issue 13: what earlier versions made goes.
DROP CONSTRAINT auth_user_username IF EXISTS
