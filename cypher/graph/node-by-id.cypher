// An entity by its stable `id` (the `Entity` uniqueness constraint makes this an index seek),
// with its total degree from the degree store.
MATCH (n:Entity {id: $id})
RETURN n, elementId(n) AS elementId, COUNT { (n)--() } AS degree
