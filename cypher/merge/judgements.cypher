// Every judgement in the case graph, for the clusters of the merged view (read per graph version).
// Entities without the model's `id` key are addressed by element id, as everywhere else.
MATCH (a)-[r:SAME_AS|NOT_SAME_AS|MAYBE_SAME_AS]->(b)
RETURN r.id AS id,
       coalesce(a.id, 'eid:' + elementId(a)) AS a,
       coalesce(b.id, 'eid:' + elementId(b)) AS b,
       type(r) AS type,
       coalesce(r.judgedAt, '') AS at
