// Committed imports whose staging records are kept so that they can be undone (at most one).
MATCH (run:_ImportRun {status: 'undoable'})
RETURN run.id AS id
