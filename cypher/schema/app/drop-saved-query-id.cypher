// Saved queries live in the app store since issue 13: the constraint earlier versions made goes.
DROP CONSTRAINT saved_query_id IF EXISTS
