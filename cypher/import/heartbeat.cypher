// Every batch refreshes the heartbeat: a run whose heartbeat is old was interrupted.
MATCH (run:_ImportRun {id: $importId})
SET run.heartbeatAt = datetime()
