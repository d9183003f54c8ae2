// The staging record of one import: exists from its first batch until it is committed or undone.
CREATE (:_ImportRun {id: $importId, status: 'running', startedAt: datetime(), heartbeatAt: datetime()})
