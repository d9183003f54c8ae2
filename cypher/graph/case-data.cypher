// Not a statement: the predicate "{{node}} is case data", spliced into the statements that keep
// to case data (server/model/case-data.ts fills it: {{prefix}} is the internal-label prefix and
// {{appLabels}} the list of the app's own labels). Only a label check on the node record, so it
// adds no expansion to the plan it joins.
none(label IN labels({{node}}) WHERE label STARTS WITH {{prefix}} OR label IN {{appLabels}})
