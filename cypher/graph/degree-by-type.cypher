// Degrees of one node per relationship type and direction, from the degree store: each
// `COUNT { (n)-[:T]->() }` is planned as getDegree, so the cost does not grow with the degree.
// {{counts}} is a list of such counts, two per allowlisted type (out, in).
MATCH (n)
WHERE elementId(n) = $elementId
RETURN [{{counts}}] AS counts, COUNT { (n)--() } AS degree
