// The relationship types whose `id` has an online range index (the fact-id constraints): the
// ones whose neighbour pages can seek by id instead of expanding the node.
SHOW RANGE INDEXES YIELD entityType, labelsOrTypes, properties, state
WHERE entityType = 'RELATIONSHIP' AND properties = ['id'] AND state = 'ONLINE'
RETURN collect(labelsOrTypes[0]) AS types
