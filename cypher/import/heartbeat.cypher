// Every batch, and a timer between batches, refreshes the heartbeat: a run whose heartbeat is old
// was interrupted. `live` is false once another process has taken the run for interrupted and
// rolls it back: the importer must then stop, and its transaction must not commit. The dummy SET
// takes the run's write lock before its status is read, so a take-over cannot slip in between.
OPTIONAL MATCH (run:_ImportRun {id: $importId})
SET run._lock = true
REMOVE run._lock
WITH run
SET run.heartbeatAt = CASE WHEN run.status = 'running' THEN datetime() ELSE run.heartbeatAt END
RETURN coalesce(run.status = 'running', false) AS live
