// Imports that may have been interrupted: running, rolling back or committing (the caller decides
// from the heartbeat's age and the importer's process whether the one working on it is alive).
MATCH (run:_ImportRun)
WHERE run.status IN ['running', 'rolling-back', 'committing']
RETURN run.id AS id, run.status AS status, run.host AS host, run.pid AS pid, run.processId AS processId,
       coalesce(run.keepForUndo, false) AS keep,
       datetime().epochMillis - run.heartbeatAt.epochMillis AS heartbeatAgeMs
