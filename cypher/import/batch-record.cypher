// What one batch created (nodes, or fact types with their ids, in the same order), for a roll-back;
// written in the batch's own transaction, with the heartbeat. `live` is false when the run is no
// longer running (taken over and rolled back meanwhile): the writer then fails the transaction.
// The run's write lock is taken before its status is read (see heartbeat.cypher): either the
// batch commits first and the roll-back finds its record, or it sees the roll-back and fails.
CREATE (:_ImportBatch {importId: $importId, createdNodes: $nodes, createdFactTypes: $factTypes, createdFactIds: $factIds})
WITH 1 AS done
OPTIONAL MATCH (run:_ImportRun {id: $importId})
SET run._lock = true
REMOVE run._lock
WITH run
SET run.heartbeatAt = CASE WHEN run.status = 'running' THEN datetime() ELSE run.heartbeatAt END
RETURN coalesce(run.status = 'running', false) AS live
