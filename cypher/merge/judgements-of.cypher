// Every judgement touching the given entities (by element id), with both ends: what the details
// of a merged node list. Judgements are few per entity; each end is found by its element id.
MATCH (n) WHERE elementId(n) IN $elementIds
MATCH (n)-[r:SAME_AS|NOT_SAME_AS|MAYBE_SAME_AS]-()
WITH DISTINCT r
MATCH (a)-[r]->(b)
RETURN a, r, b
ORDER BY r.judgedAt, r.id
