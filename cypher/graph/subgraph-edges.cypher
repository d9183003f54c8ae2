// Every relationship among the given nodes. Both ends are bound, so each pair is an Expand(Into),
// which checks from the side with fewer relationships: a supernode in the set does not cost its
// degree.
UNWIND $elementIds AS fromId
MATCH (a)
WHERE elementId(a) = fromId
UNWIND $elementIds AS toId
MATCH (b)
WHERE elementId(b) = toId
MATCH (a)-[r]->(b)
WHERE {{caseFactR}}
RETURN r
LIMIT $limit
