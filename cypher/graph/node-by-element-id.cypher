// A node by element id: the fallback key (`eid:…`) of graphs without our `id` convention. Only
// case data: an app node is answered for as if it did not exist.
MATCH (n)
WHERE elementId(n) = $elementId AND {{caseDataN}}
RETURN n, elementId(n) AS elementId, COUNT { (n)--() } AS degree
