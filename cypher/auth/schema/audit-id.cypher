// Audit ids sort by time: the log pages newest first by walking this index backwards.
CREATE CONSTRAINT audit_event_id IF NOT EXISTS FOR (e:_AuditEvent) REQUIRE e.id IS UNIQUE
