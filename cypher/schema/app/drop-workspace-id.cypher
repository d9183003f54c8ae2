// Workspaces live in the app store since issue 13: the constraint earlier versions made goes.
DROP CONSTRAINT workspace_id IF EXISTS
