// One workspace, only if the user may see it (another user's private one is "not found").
MATCH (w:Workspace {id: $id})
WHERE w.owner = $owner OR w.visibility = 'shared'
RETURN w
