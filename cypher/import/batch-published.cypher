// Marks one batch record published (its elements are visible); it stays for an undo until cleared.
MATCH (b:_ImportBatch)
WHERE elementId(b) = $batchId
SET b.published = true
