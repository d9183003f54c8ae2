// Imports a crash left half-done: rolling back, or running without a heartbeat for a while.
MATCH (run:_ImportRun)
WHERE run.status = 'rolling-back'
   OR (run.status = 'running' AND run.heartbeatAt < datetime() - duration({milliseconds: $staleAfterMs}))
RETURN run.id AS id
