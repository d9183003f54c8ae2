// @title Identity judgements
// @description Every judgement that two records are, or are not, one entity: the verdict, who
//   judged, when and why. A "same" judgement shows the two as one node in the merged view;
//   a "not same" keeps them apart.
// @param verdict: string? | label: Verdict | options: same, not-same, unsure
MATCH (a)-[judgement:SAME_AS|NOT_SAME_AS|MAYBE_SAME_AS]->(b)
WITH a, judgement, b,
     CASE type(judgement) WHEN 'SAME_AS' THEN 'same' WHEN 'NOT_SAME_AS' THEN 'not-same' ELSE 'unsure' END AS verdict
WHERE $verdict IS NULL OR verdict = $verdict
RETURN a, judgement, b, verdict,
       judgement.judgedBy AS judgedBy, judgement.judgedAt AS judgedAt,
       judgement.reason AS reason, judgement.confidence AS confidence
ORDER BY judgedAt DESC, judgement.id
