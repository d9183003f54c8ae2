// Takes over an interrupted run to finish it (roll back a running one, complete a committing one),
// unless another process took it first: the dummy SET takes the run's write lock before
// `processId` is compared, so of two sweeps that saw the same owner only the first matches. The
// run heartbeats under its new owner while it is finished.
MATCH (run:_ImportRun {id: $importId})
SET run._lock = true
REMOVE run._lock
WITH run
WHERE coalesce(run.processId, '') = $seenProcessId AND run.status IN ['running', 'rolling-back', 'committing']
SET run.status = CASE run.status WHEN 'running' THEN 'rolling-back' ELSE run.status END,
    run.heartbeatAt = datetime(), run.host = $host, run.pid = $pid, run.processId = $processId
RETURN run.status AS status
