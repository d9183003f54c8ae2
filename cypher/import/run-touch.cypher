// A heartbeat while a run is rolled back: the roll-back is alive, nobody else should take it.
MATCH (run:_ImportRun {id: $importId})
SET run.heartbeatAt = datetime()
