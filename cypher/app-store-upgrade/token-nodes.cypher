// API tokens as versions before the app store kept them (issue 13), to be moved out of the graph.
MATCH (t:_ApiToken)
RETURN elementId(t) AS elementId, properties(t) AS properties
