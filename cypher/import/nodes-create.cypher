// One `Entity:<label>` node per row; the properties come as columns ({{set}} writes row i of
// $columns). Element ids come back in row order so facts can find their ends by id seek.
// `_Staged` (an internal label, so no reader counts the node as case data) stays until the whole
// import is in and `nodes-publish` removes it: nobody sees half an import.
UNWIND range(0, $count - 1) AS i
CREATE (n:Entity:{{label}}:_Staged)
SET {{set}}
RETURN elementId(n) AS elementId
