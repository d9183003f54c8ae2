// @title Everything linked to a person
// @description Every entity within a few links of one person, each with one shortest path that
//   reaches it (links in either direction count). Paths do not go through hubs (entities with
//   more links than the limit, such as a vendor with a million customers or a country): a hub
//   itself is listed, what lies behind it is not, so the answer stays about this person.
// @param person: entity | label: Person | entityTypes: Person
// @param hops: integer = 2 | label: Hops | min: 1 | max: 3
// @param hubLinks: integer = 1000 | label: Do not go through entities with more links than | min: 1 | max: 100000000
// @planner statefulShortestPlanningMode=all_if_possible
//   (Search outward from the person. Left to its heuristic, Neo4j sometimes scans every node and
//   searches a path from each, which took over a minute next to a 20k-link hub.)
MATCH (person:Entity {id: $person})
// Each step leaves from the person or from a node that is not a hub (its degree, from the
// degree store, at most $hubLinks), so the search never fans out through a hub.
MATCH path = ANY SHORTEST (person) ((a)-[]-(b) WHERE a.id = $person OR COUNT { (a)--() } <= $hubLinks){1,3} (other)
WHERE length(path) <= $hops
RETURN other, length(path) AS hops, path
ORDER BY hops, other.name
