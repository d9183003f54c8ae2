OPTIONAL MATCH (s:_GraphState {id: 'case'})
CALL () { OPTIONAL MATCH (run:_ImportRun) RETURN count(run) > 0 AS importing }
RETURN coalesce(s.version, 0) AS version, importing
