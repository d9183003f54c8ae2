// One branch of a UNION ALL: how many relationships of type {{type}} there are (from the count
// store); {{position}} is its place in the caller's list.
MATCH ()-[r:{{type}}]->()
RETURN {{position}} AS position, count(r) AS relationships
