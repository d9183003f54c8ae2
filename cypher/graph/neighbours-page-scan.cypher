// One page of one node's neighbours along one relationship type and direction, read by expanding
// the node: links with a string id above '' first, in id order, then the others (graphs casegraph
// never wrote, foreign ids) in elementId order, which is unique and stable while a link exists.
// Keyset paging: the page starts after the cursor's last key ($afterPhase 'id' with the last id,
// or 'eid' with the last elementId). Neo4j ranks the whole cell (Top), so every page reads all
// its links: the service uses this for small cells, for types without an `id` index, and for the
// links without an id after neighbours-page has sought the others. App nodes are filtered first.
MATCH (n)
WHERE elementId(n) = $elementId
MATCH (n){{relationship}}(m)
WHERE {{caseDataM}} AND {{caseFactR}} {{neighbourFilter}}
WITH r, m, coalesce(r.id > '', false) AS hasId
WHERE
  CASE
    WHEN hasId THEN $afterPhase = 'id' AND r.id > $after
    ELSE $afterPhase = 'id' OR elementId(r) > $after
  END
WITH r, m, hasId
ORDER BY hasId DESC, CASE WHEN hasId THEN r.id END, elementId(r)
LIMIT $limit
RETURN r, m, hasId, COUNT { (m)--() } AS degree
