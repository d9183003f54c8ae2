// How many relationships each type has in the whole graph, from the count store (constant time).
// {{counts}} is a list of `COUNT { ()-[:T]->() }`, one per allowlisted type.
RETURN [{{counts}}] AS totals
