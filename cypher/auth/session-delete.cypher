MATCH (s:_Session {idHash: $idHash})
DELETE s
