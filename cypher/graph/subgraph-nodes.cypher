// The nodes of a saved canvas by key: stable ids and element-id fallbacks.
CALL () {
  MATCH (n:Entity)
  WHERE n.id IN $ids
  RETURN n
  UNION
  MATCH (n)
  WHERE elementId(n) IN $elementIds
  RETURN n
}
RETURN n, COUNT { (n)--() } AS degree
