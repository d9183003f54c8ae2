// The staging record of one import: exists from its first batch until it is committed or undone.
// Who runs it (host, pid, a per-process id) lets another process on the same host tell at once
// that the importer is gone, without waiting for its heartbeat to go stale.
CREATE (:_ImportRun {
  id: $importId,
  status: 'running',
  startedAt: datetime(),
  heartbeatAt: datetime(),
  host: $host,
  pid: $pid,
  processId: $processId
})
