// Stores precomputed neighbourhood summaries (JSON text) on dense entities.
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n.summaryJson = row.summaryJson, n.summaryUpdatedAt = row.updatedAt
