// The full neighbourhood breakdown (type × direction × neighbour labels) of dense entities, for
// `refreshNeighbourhoodSummaries`. This walks every relationship of those nodes: it runs at import
// time so that reading a summary never has to.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WITH n, COUNT { (n)--() } AS degree
CALL (n, degree) {
  WITH n
  WHERE degree > $threshold
  CALL (n) {
    MATCH (n)-[r]->(m)
    WHERE {{caseDataM}} AND {{caseFactR}}
    RETURN type(r) AS relType, 'out' AS direction, labels(m) AS labels, count(*) AS count
    UNION ALL
    MATCH (n)<-[r]-(m)
    WHERE {{caseDataM}} AND {{caseFactR}}
    RETURN type(r) AS relType, 'in' AS direction, labels(m) AS labels, count(*) AS count
  }
  RETURN collect([relType, direction, labels, count]) AS cells
}
RETURN n.id AS id, degree, cells
