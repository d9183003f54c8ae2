// One slice of one node's neighbours along one relationship type and direction. No ORDER BY:
// the scan follows the node's relationship chain for that type, which is stable while the graph
// does not change, so SKIP/LIMIT pages never collect or sort the whole neighbourhood. App nodes are
// filtered before SKIP, so offsets count case data only.
MATCH (n)
WHERE elementId(n) = $elementId
MATCH (n){{relationship}}(m)
WHERE {{caseDataM}} AND {{caseFactR}} {{neighbourFilter}}
WITH r, m
SKIP $skip
LIMIT $limit
RETURN r, m, COUNT { (m)--() } AS degree
