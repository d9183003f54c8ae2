// The date of every source document that has one: facts cite sources by id, and the earliest
// date among a fact's sources is when the case first learnt it (its "recorded" date).
MATCH (s:Source)
WHERE s.date IS NOT NULL AND s.id IS NOT NULL
RETURN s.id AS id, s.date AS date
