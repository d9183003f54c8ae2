// Which of the given ids are Source nodes: the sources a judgement may cite.
MATCH (s:Source)
WHERE s.id IN $ids
RETURN collect(s.id) AS ids
