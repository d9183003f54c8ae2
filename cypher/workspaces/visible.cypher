// The workspaces a user may open: their own and everyone's shared ones, newest first.
MATCH (w:Workspace)
WHERE w.owner = $owner OR w.visibility = 'shared'
RETURN w
ORDER BY w.updatedAt DESC
LIMIT $limit
