CREATE INDEX import_undo_import IF NOT EXISTS FOR (n:_ImportUndo) ON (n.importId)
