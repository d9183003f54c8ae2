// The labels and relationship types in use, for the allowlist of names the API may splice.
CALL () {
  CALL db.labels() YIELD label
  RETURN collect(label) AS labels
}
CALL () {
  CALL db.relationshipTypes() YIELD relationshipType
  RETURN collect(relationshipType) AS relationshipTypes
}
RETURN labels, relationshipTypes
