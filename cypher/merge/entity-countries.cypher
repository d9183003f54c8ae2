// The countries an entity is linked to, in either direction, to weigh a name match in merge
// candidates ("both linked to Panama"). A few are enough, so the walk stops at 10 even around a
// node with 100k links. A country is its own country.
MATCH (n)
WHERE elementId(n) = $elementId
CALL (n) {
  MATCH (n)--(c:Country)
  WHERE {{caseDataC}}
  RETURN DISTINCT coalesce(c.id, elementId(c)) AS country
  LIMIT 10
}
WITH n, collect(country) AS linked
RETURN CASE WHEN n:Country THEN [coalesce(n.id, elementId(n))] ELSE [] END + linked AS countries
