// The full-text index named $name as it stands: the labels and properties it covers, and whether
// it can answer queries yet (state ONLINE). No row when it does not exist.
SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, state, entityType
WHERE name = $name AND entityType = 'NODE'
RETURN labelsOrTypes AS labels, properties, state
