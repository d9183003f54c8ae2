// Removes summaries from entities that are no longer dense: their summary is computed live.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE n.summaryJson IS NOT NULL
REMOVE n.summaryJson, n.summaryUpdatedAt
