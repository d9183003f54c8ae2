// Up to 1,000 undo records of an import being rolled back.
MATCH (u:_ImportUndo {importId: $importId})
WITH u LIMIT 1000
RETURN elementId(u) AS undoId, u.kind AS kind, u.factType AS factType, u.key AS key, u.before AS before
