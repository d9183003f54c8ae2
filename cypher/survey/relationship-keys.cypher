// One branch of a UNION ALL: the property keys of up to $sample relationships of type {{type}}
// ({{position}} is its place in the caller's list), with the value types seen and how often.
MATCH ()-[r:{{type}}]->()
WITH r
LIMIT $sample
UNWIND keys(r) AS key
RETURN {{position}} AS position, key, valueType(r[key]) AS type, count(*) AS seen
