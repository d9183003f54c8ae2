// From the count store: cheap.
MATCH (n:{{label}})
RETURN count(n) AS n
