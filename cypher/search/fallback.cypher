// Search on a graph without our full-text index: a case-insensitive substring match on the usual
// display properties. A scan, bounded by LIMIT and the transaction timeout; every hit scores 1. App nodes are never hits.
MATCH (node)
WHERE (size($types) = 0 OR any(label IN labels(node) WHERE label IN $types))
  AND any(key IN ['name', 'title'] WHERE node[key] IS :: STRING AND toLower(node[key]) CONTAINS $text)
  AND {{caseDataNode}}
RETURN node, 1.0 AS score
LIMIT $limit
