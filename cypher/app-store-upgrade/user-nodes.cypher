// Users as versions before the app store kept them (issue 13), to be moved out of the graph.
MATCH (u:_User)
RETURN elementId(u) AS elementId, properties(u) AS properties
