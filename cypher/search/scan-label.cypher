// One label's part of the bounded search scan, for labels the full-text index does not cover.
// At most $scanLimit nodes of {{label}} are read (a label scan stopped by LIMIT); a node is a hit
// when one of its name-like string properties (key matching $nameKeyPattern in lower case)
// contains $text, case-insensitively. App nodes are never hits.
MATCH (node:{{label}})
WITH node
LIMIT $scanLimit
WITH node
WHERE {{caseDataNode}}
  AND any(key IN keys(node) WHERE toLower(key) =~ $nameKeyPattern
    AND any(value IN CASE WHEN node[key] IS :: LIST<STRING> THEN node[key] ELSE [node[key]] END
      WHERE value IS :: STRING AND toLower(value) CONTAINS $text))
RETURN node
LIMIT $limit
