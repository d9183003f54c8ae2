// The nodes of a saved canvas by key: stable ids and element-id fallbacks; case data only.
CALL () {
  MATCH (n:Entity)
  WHERE n.id IN $ids AND {{caseDataN}}
  RETURN n
  UNION
  MATCH (n)
  WHERE elementId(n) IN $elementIds AND {{caseDataN}}
  RETURN n
}
RETURN n, COUNT { (n)--() } AS degree
