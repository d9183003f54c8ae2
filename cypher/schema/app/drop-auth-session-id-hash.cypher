// Sessions and API tokens live in the app store since issue 13: the constraint earlier versions made goes.
DROP CONSTRAINT auth_session_id_hash IF EXISTS
