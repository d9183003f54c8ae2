// One page of one node's neighbours along one relationship type and direction, in `r.id` order
// after the cursor's last id, seeking the type's `id` range index (its fact-id constraint):
// Neo4j reads the index from $after in id order and stops after $limit links of this node, with
// no sort and no count of the links before, so a deep page costs what page 1 costs. Keyset
// paging: a link added or deleted between two pages moves no other link across the boundary, as
// SKIP did. {{indexHint}} is `USING INDEX r:T(id)` (without it Neo4j would expand the node and
// rank the whole cell). The service only uses this for big cells of indexed types holding a
// good share of their type's links (seeksIndex); only string ids above '' take part, links
// without one are read after, by neighbours-page-scan. App nodes are filtered before LIMIT.
MATCH (n){{relationship}}(m)
{{indexHint}}
WHERE elementId(n) = $elementId AND r.id > $after AND {{caseDataM}} AND {{caseFactR}} {{neighbourFilter}}
WITH r, m
ORDER BY r.id
LIMIT $limit
RETURN r, m, true AS hasId, COUNT { (m)--() } AS degree
