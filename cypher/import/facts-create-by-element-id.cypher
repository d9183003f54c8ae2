// Facts whose two ends this import created: found by element id (an id seek), checked against
// `_staged` hides the fact from readers until the import is published (`facts-publish`).
// their `id` in case an element id was reused after a concurrent delete.
UNWIND range(0, $count - 1) AS i
MATCH (a) WHERE elementId(a) = $a[i] AND a.id = $from[i]
MATCH (b) WHERE elementId(b) = $b[i] AND b.id = $to[i]
CREATE (a)-[r:{{type}}]->(b)
SET {{set}}, r._staged = true
RETURN count(*) AS created
