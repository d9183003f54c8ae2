// An entity by its stable `id` (the `Entity` uniqueness constraint makes this an index seek),
// with its total degree from the degree store. Only case data, like every look-up.
MATCH (n:Entity {id: $id})
WHERE {{caseDataN}}
RETURN n, elementId(n) AS elementId, COUNT { (n)--() } AS degree
