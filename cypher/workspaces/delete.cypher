MATCH (w:Workspace {id: $id, owner: $owner})
DELETE w
RETURN count(*) AS deleted
