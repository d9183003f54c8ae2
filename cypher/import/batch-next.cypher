// One batch record of an import being rolled back.
MATCH (b:_ImportBatch {importId: $importId})
WITH b LIMIT 1
RETURN elementId(b) AS batchId, b.createdNodes AS nodes, b.createdFactTypes AS types, b.createdFactIds AS ids
