// Sessions as versions before the app store kept them (issue 13), to be moved out of the graph.
MATCH (s:_Session)
RETURN elementId(s) AS elementId, properties(s) AS properties
