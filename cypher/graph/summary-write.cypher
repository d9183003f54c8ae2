// Stores precomputed neighbourhood summaries (JSON text) on dense entities. One that is already
// current is left alone, so its time says when the neighbourhood last changed (and an import
// undone leaves the graph exactly as it was).
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
WHERE n.summaryJson IS NULL OR n.summaryJson <> row.summaryJson
SET n.summaryJson = row.summaryJson, n.summaryUpdatedAt = row.updatedAt
