// Deletes facts of one type by id (a roll-back or an undo); returns the ends' ids, whose
// neighbourhood summaries an undo rebuilds.
UNWIND $ids AS id
MATCH (a)-[r:{{type}} {id: id}]->(b) USING INDEX SEEK r:{{type}}(id)
DELETE r
RETURN a.id AS from, b.id AS to
