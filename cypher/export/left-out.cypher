// What the import format cannot carry, counted so the export can say so: case nodes without the
// Entity label or an id, and relationships without an id or with an end that is not such a node.
CALL () {
  MATCH (n)
  WHERE {{caseDataN}} AND (NOT n:Entity OR n.id IS NULL)
  RETURN count(n) AS nodes
}
CALL () {
  MATCH (a)-[r]->(b)
  WHERE {{caseDataA}} AND {{caseDataB}} AND {{caseFactR}}
    AND (r.id IS NULL OR NOT a:Entity OR NOT b:Entity OR a.id IS NULL OR b.id IS NULL)
  RETURN count(r) AS relationships
}
RETURN nodes, relationships
