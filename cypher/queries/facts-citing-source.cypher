// @title Facts citing a source
// @description Every fact that cites one source document, and the entities it connects.
// @param source: entity | label: Source | entityTypes: Source
MATCH (a)-[fact]->(b)
WHERE $source IN fact.sources
RETURN a, fact, b, fact.claim AS claim, fact.status AS status
ORDER BY fact.id
