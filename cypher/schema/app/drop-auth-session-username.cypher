// Sessions and API tokens live in the app store since issue 13: the index earlier versions made goes.
DROP INDEX auth_session_username IF EXISTS
