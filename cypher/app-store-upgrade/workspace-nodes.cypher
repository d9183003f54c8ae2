// Workspaces as versions before the app store kept them (issue 13), to be moved out of the graph.
MATCH (w:Workspace)
RETURN elementId(w) AS elementId, properties(w) AS properties
