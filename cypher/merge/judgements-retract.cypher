// A split: deletes the "same" judgements with the given ids and returns what they said, for the
// audit log (which keeps the judgement once the graph no longer does).
MATCH (a)-[r:SAME_AS]->(b)
WHERE r.id IN $ids
WITH a, r, b, properties(r) AS said,
     coalesce(a.id, 'eid:' + elementId(a)) AS from, coalesce(b.id, 'eid:' + elementId(b)) AS to
DELETE r
RETURN from, to, said
