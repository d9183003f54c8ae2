// @title Everything linked to a person
// @description Every entity within a few links of one person, each with one shortest path that
//   reaches it (links in either direction count).
// @param person: entity | label: Person | entityTypes: Person
// @param hops: integer = 2 | label: Hops | min: 1 | max: 3
// @planner statefulShortestPlanningMode=all_if_possible
//   (Search outward from the person. Left to its heuristic, Neo4j sometimes scans every node and
//   searches a path from each, which took over a minute next to a 20k-link hub.)
MATCH (person:Entity {id: $person})
MATCH path = ANY SHORTEST (person)-[*1..3]-(other)
WHERE length(path) <= $hops
RETURN other, length(path) AS hops, path
ORDER BY hops, other.name
