// Records one judgement between two entities (by element id, from the smaller entity id to the
// larger), replacing any earlier judgement of the pair in either direction: the graph keeps one
// judgement per pair, whatever its verdict. The entities themselves are not written.
MATCH (a) WHERE elementId(a) = $fromElementId
MATCH (b) WHERE elementId(b) = $toElementId
OPTIONAL MATCH (a)-[old:SAME_AS|NOT_SAME_AS|MAYBE_SAME_AS]-(b)
DELETE old
WITH DISTINCT a, b
CREATE (a)-[r:{{relType}}]->(b)
SET r = $properties
RETURN r
