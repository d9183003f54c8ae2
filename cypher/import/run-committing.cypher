// The import is fully written: from now on it is finished (published, then cleared or kept for
// undo), never rolled back, even after a crash. Only a run still 'running' may commit: one taken
// over and rolled back meanwhile (or gone) returns 0, and the importer reports it interrupted.
// The run's write lock is taken before its status is read (see heartbeat.cypher).
OPTIONAL MATCH (run:_ImportRun {id: $importId})
SET run._lock = true
REMOVE run._lock
WITH run
WHERE run.status = 'running'
SET run.status = 'committing', run.keepForUndo = $keepForUndo
RETURN count(run) AS committing
