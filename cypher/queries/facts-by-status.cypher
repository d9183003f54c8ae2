// @title Facts by status
// @description Facts with one status (alleged, reported or confirmed), most confident first, with
//   who claims them.
// @param status: string = "alleged" | label: Status | options: alleged, reported, confirmed
MATCH (a)-[fact]->(b)
WHERE fact.status = $status
RETURN a, fact, b, fact.claim AS claim, fact.confidence AS confidence, fact.attribution AS attribution
ORDER BY confidence DESC, fact.id
