// Audit events as versions before the app store kept them (issue 13), oldest first (ids sort by
// time), to be appended to the app store's hash chain and removed from the graph.
MATCH (e:_AuditEvent)
RETURN elementId(e) AS elementId, properties(e) AS properties
ORDER BY e.id
