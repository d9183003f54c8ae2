// Deletes up to 1,000 batch and 1,000 undo records of a committed import; run until it deletes none.
CALL () {
  MATCH (s:_ImportBatch {importId: $importId}) WITH s LIMIT 1000 DETACH DELETE s RETURN count(*) AS n
  UNION ALL
  MATCH (s:_ImportUndo {importId: $importId}) WITH s LIMIT 1000 DETACH DELETE s RETURN count(*) AS n
}
RETURN sum(n) AS deleted
