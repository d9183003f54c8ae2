// The next batch record of an import whose elements still carry their staging marks.
MATCH (b:_ImportBatch {importId: $importId})
WHERE b.published IS NULL
WITH b LIMIT 1
RETURN elementId(b) AS batchId, b.createdNodes AS nodes, b.createdFactTypes AS types, b.createdFactIds AS ids
