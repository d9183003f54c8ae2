// Whether the graph holds any case entity (app bookkeeping nodes do not count).
MATCH (n:Entity)
RETURN count(n) > 0 AS any
