// A user's saved query. `SavedQuery` is an app label, not case data: no `Entity` label, so it
// never shows up in search, neighbourhoods or paths.
CREATE (q:SavedQuery)
SET q = $query
RETURN q
