// One `Entity:<label>` node per row; the properties come as columns ({{set}} writes row i of
// $columns). Element ids come back in row order so facts can find their ends by id seek.
UNWIND range(0, $count - 1) AS i
CREATE (n:Entity:{{label}})
SET {{set}}
RETURN elementId(n) AS elementId
