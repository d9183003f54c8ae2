// Saved queries as versions before the app store kept them (issue 13), to be moved out of the graph.
MATCH (q:SavedQuery)
RETURN elementId(q) AS elementId, properties(q) AS properties
