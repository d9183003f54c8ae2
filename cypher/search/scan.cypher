// The bounded search scan: the branches slot holds one `search/scan-label` branch per label to
// scan, joined by UNION (a node with two scanned labels is one hit).
CALL () {
{{branches}}
}
RETURN node
LIMIT $limit
