// Nodes by element id: the ends of relationships a user query returned without them.
UNWIND $elementIds AS elementId
MATCH (n)
WHERE elementId(n) = elementId
RETURN n
