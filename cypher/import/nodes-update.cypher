// Keeps the old properties of each changed entity (for a roll-back), then changes it.
UNWIND $rows AS row
CREATE (:_ImportUndo {importId: $importId, kind: 'node', key: row.id, before: row.before})
WITH row
MATCH (n:Entity {id: row.id}) USING INDEX SEEK n:Entity(id)
SET n += row.props
