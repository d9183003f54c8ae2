// MERGE on the id derived from the client's Idempotency-Key: a retried POST finds the first copy.
MERGE (w:Workspace {id: $workspace.id})
ON CREATE SET w += $workspace, w.createdAt = $now, w.updatedAt = $now
RETURN w
