// A relationship by element id: the fallback key (`eid:…`) of graphs without fact ids.
MATCH (a)-[r]->(b)
WHERE elementId(r) = $elementId
RETURN a, r, b, COUNT { (a)--() } AS fromDegree, COUNT { (b)--() } AS toDegree
