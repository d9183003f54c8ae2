// Imports that crashed while clearing their staging: fully written, only the clearing is left.
MATCH (run:_ImportRun {status: 'committing'})
RETURN run.id AS id
