// Source documents by id, for the citations of an entity or a fact.
MATCH (s:Source)
WHERE s.id IN $ids
RETURN s
