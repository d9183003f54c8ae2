// Empties the case data (entities, sources, facts, import staging) in batches, so a large graph
// needs no large transaction. Users, sessions, saved queries and workspaces stay.
MATCH (n) WHERE n:Entity OR n:_ImportRun OR n:_ImportBatch OR n:_ImportUndo
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
