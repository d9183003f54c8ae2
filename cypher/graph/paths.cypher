// Paths between two nodes (case data only: no node or link of an import still being written), in either direction, with a hop cap. {{selector}} is SHORTEST 1,
// ALL SHORTEST or SHORTEST k; {{relTypes}} an allowlisted type expression or nothing; {{maxHops}}
// a validated literal (Cypher takes no parameter there). Every node along a path is case data:
// the predicate sits inside the quantified pattern, so it prunes the search before the selector
// picks the shortest (a WHERE on the whole path would pick first and filter after).
// Each node's degree comes along (from the degree store, as for a look-up): the canvas sizes
// nodes by it and marks those with links not yet drawn.
// $without lists ablated sources: a fact all of whose sources are among them is not walked (in
// the pattern, so the selector finds the surviving alternatives); a link without a sources list
// is kept, as is everything when $without is empty.
MATCH (a)
WHERE elementId(a) = $fromElementId
MATCH (b)
WHERE elementId(b) = $toElementId
MATCH p = {{selector}} (a) (()-[r{{relTypes}}]-(x) WHERE {{caseDataX}} AND {{caseFactR}}
  AND NOT (size(coalesce(r.sources, [])) > 0 AND all(s IN r.sources WHERE s IN $without))){1,{{maxHops}}} (b)
RETURN p, [n IN nodes(p) | COUNT { (n)--() }] AS degrees
LIMIT $limit
