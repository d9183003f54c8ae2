MATCH (s:_Session {idHash: $idHash})
SET s.lastSeenAt = $now
