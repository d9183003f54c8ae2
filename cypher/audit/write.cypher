// Audit events are app data (`_AuditEvent`, never `Entity`), written in batches.
UNWIND $events AS event
CREATE (e:_AuditEvent)
SET e = event
