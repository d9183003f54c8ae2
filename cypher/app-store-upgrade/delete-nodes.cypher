// Removes the moved app-data nodes, by the element ids read in the same start-up; only those
// labels, so a reused element id can never reach case data.
MATCH (n)
WHERE elementId(n) IN $elementIds
  AND (n:SavedQuery OR n:Workspace OR n:_User OR n:_Session OR n:_ApiToken OR n:_AuditEvent)
DETACH DELETE n
