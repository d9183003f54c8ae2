MERGE (s:_GraphState {id: 'case'})
SET s.version = coalesce(s.version, 0) + 1, s.changedAt = datetime()
