// Ranked full-text search over names and aliases. $query is a Lucene query built by the server
// from the user's words (never the raw text); $types, when not empty, keeps nodes with one of
// those labels. The index streams hits best first, so LIMIT stops the scan early. App nodes are
// never hits, whatever the index covers.
CALL db.index.fulltext.queryNodes($index, $query)
YIELD node, score
WHERE (size($types) = 0 OR any(label IN labels(node) WHERE label IN $types)) AND {{caseDataNode}}
RETURN node, score
LIMIT $limit
