// From the count store: cheap.
MATCH ()-[r:{{type}}]->()
RETURN count(r) AS n
