// Moves an import to 'committing' or 'rolling-back', so a crash part-way is finished on restart.
MATCH (run:_ImportRun {id: $importId})
SET run.status = $status
