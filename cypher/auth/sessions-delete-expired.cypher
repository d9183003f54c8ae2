MATCH (s:_Session)
WHERE s.expiresAt <= $now OR s.lastSeenAt <= $idleBefore
WITH s LIMIT 10000
DELETE s
