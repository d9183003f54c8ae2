// One branch of a UNION ALL: the property keys of up to $sample nodes of {{label}} ({{position}} is
// the label's place in the caller's list), each with the value type seen and how often.
MATCH (node:{{label}})
WITH node
LIMIT $sample
UNWIND keys(node) AS key
RETURN {{position}} AS position, key, valueType(node[key]) AS type, count(*) AS seen
