// @title Everything linked to a person
// @description Every entity within a few links of one person, each with one shortest path that
//   reaches it (links in either direction count).
// @param person: entity | label: Person | entityTypes: Person
// @param hops: integer = 2 | label: Hops | min: 1 | max: 3
MATCH (person:Entity {id: $person})
MATCH path = ANY SHORTEST (person)-[*1..3]-(other)
WHERE length(path) <= $hops
RETURN other, length(path) AS hops, path
ORDER BY hops, other.name
