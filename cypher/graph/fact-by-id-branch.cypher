// One branch of the fact lookup: a relationship of one type by its `id` (an index seek on the
// per-type uniqueness constraint). The branches for all model types are joined with UNION ALL.
MATCH (a)-[r:{{relType}} {id: $id}]->(b)
WHERE {{caseDataA}} AND {{caseDataB}} AND {{caseFactR}}
RETURN a, r, b, COUNT { (a)--() } AS fromDegree, COUNT { (b)--() } AS toDegree
