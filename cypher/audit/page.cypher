// Newest first: ids sort by time, so the cursor is the last id of the previous page.
MATCH (e:_AuditEvent)
WHERE ($cursor IS NULL OR e.id < $cursor)
  AND ($username IS NULL OR e.username = $username)
  AND ($action IS NULL OR e.action = $action)
RETURN e
ORDER BY e.id DESC
LIMIT $limit
