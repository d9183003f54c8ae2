CREATE INDEX import_batch_import IF NOT EXISTS FOR (n:_ImportBatch) ON (n.importId)
