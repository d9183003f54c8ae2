// How many nodes carry label {{label}}: one branch of a UNION ALL (answered from the count store);
// {{position}} is the label's place in the caller's list.
MATCH (node:{{label}})
RETURN {{position}} AS position, count(node) AS nodes
