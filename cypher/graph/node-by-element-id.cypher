// A node by element id: the fallback key (`eid:…`) of graphs without our `id` convention.
MATCH (n)
WHERE elementId(n) = $elementId
RETURN n, elementId(n) AS elementId, COUNT { (n)--() } AS degree
