// Staging records of imports (server/import/staging.ts) are found by import id.
CREATE INDEX import_run_id IF NOT EXISTS FOR (n:_ImportRun) ON (n.id)
