// Only the owner changes a workspace; shared ones are read-only to others.
MATCH (w:Workspace {id: $id, owner: $owner})
SET w.name = $name, w.stateJson = $stateJson, w.visibility = $visibility, w.updatedAt = $now
RETURN w
