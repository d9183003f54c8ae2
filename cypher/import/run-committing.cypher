// The import is fully written: from now on it is finished (published, then cleared or kept for
// undo), never rolled back, even after a crash.
MATCH (run:_ImportRun {id: $importId})
SET run.status = 'committing', run.keepForUndo = $keepForUndo
