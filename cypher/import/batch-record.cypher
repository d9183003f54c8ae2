// What one batch created (nodes, or fact types with their ids, in the same order), for a roll-back;
// written in the batch's own transaction, with the heartbeat.
CREATE (:_ImportBatch {importId: $importId, createdNodes: $nodes, createdFactTypes: $factTypes, createdFactIds: $factIds})
WITH 1 AS done
MATCH (run:_ImportRun {id: $importId})
SET run.heartbeatAt = datetime()
