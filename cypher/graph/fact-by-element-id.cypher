// A relationship by element id: the fallback key (`eid:…`) of graphs without fact ids.
// A relationship with an end that is not case data is answered for as if it did not exist.
MATCH (a)-[r]->(b)
WHERE elementId(r) = $elementId AND {{caseDataA}} AND {{caseDataB}} AND {{caseFactR}}
RETURN a, r, b, COUNT { (a)--() } AS fromDegree, COUNT { (b)--() } AS toDegree
