// Keeps the old properties of each changed fact of one type (for a roll-back), then changes it.
UNWIND $rows AS row
CREATE (:_ImportUndo {importId: $importId, kind: 'fact', factType: $type, key: row.id, before: row.before})
WITH row
MATCH ()-[r:{{type}} {id: row.id}]->() USING INDEX SEEK r:{{type}}(id)
SET r += row.props
