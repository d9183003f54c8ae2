// @title Facts by confidence
// @description Facts whose confidence lies between two thresholds (0 to 1), weakest first: where
//   the case rests on thin evidence.
// @param minConfidence: number = 0 | label: At least | min: 0 | max: 1
// @param maxConfidence: number = 0.6 | label: At most | min: 0 | max: 1
MATCH (a)-[fact]->(b)
WHERE fact.confidence >= $minConfidence AND fact.confidence <= $maxConfidence
RETURN a, fact, b, fact.confidence AS confidence, fact.status AS status, fact.claim AS claim
ORDER BY confidence, fact.id
