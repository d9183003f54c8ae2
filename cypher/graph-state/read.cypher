OPTIONAL MATCH (s:_GraphState {id: 'case'})
// A committed import kept for undo ('undoable') is not writing: what is derived may be cached.
CALL () { OPTIONAL MATCH (run:_ImportRun) WHERE run.status <> 'undoable' RETURN count(run) > 0 AS importing }
RETURN coalesce(s.version, 0) AS version, importing
