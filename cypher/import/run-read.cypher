// One import's staging record: its status, or nothing once it is gone.
MATCH (run:_ImportRun {id: $importId})
RETURN run.status AS status
