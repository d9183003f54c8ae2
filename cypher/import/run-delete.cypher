MATCH (run:_ImportRun {id: $importId})
DELETE run
