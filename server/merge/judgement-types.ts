/**
 * How a judgement lives in the case graph: one relationship per pair of entities, typed by its
 * verdict, from the smaller entity id to the larger, with the fact fields every link carries
 * (id, claim, status, confidence, attribution, sources) and the judgement's own (reason, evidence
 * as JSON, judgedBy, judgedAt). The model file declares the three types (`cypher/model.json`).
 *
 * A new verdict on a pair replaces the pair's relationship; retracting a `same` judgement (a
 * split) deletes it, and the audit log keeps both, so a merge and its split leave the graph as it
 * was. Neither entity is ever written.
 */
import { createHash } from 'node:crypto';
import type { Verdict } from '../contract.js';

export const JUDGEMENT_TYPES = {
  same: 'SAME_AS',
  'not-same': 'NOT_SAME_AS',
  unsure: 'MAYBE_SAME_AS',
} as const satisfies Record<Verdict, string>;

export type JudgementType = (typeof JUDGEMENT_TYPES)[Verdict];

export const JUDGEMENT_TYPE_NAMES: readonly JudgementType[] = Object.values(JUDGEMENT_TYPES);

export function verdictOfType(type: string): Verdict | undefined {
  const found = Object.entries(JUDGEMENT_TYPES).find(([, name]) => name === type);
  return found?.[0] as Verdict | undefined;
}

export function isJudgementType(type: string): type is JudgementType {
  return verdictOfType(type) !== undefined;
}

/** The pair in stored order: the relationship runs from the smaller id to the larger. */
export function orderedPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

/**
 * The judgement id of a pair, whatever the verdict: `judgement:` and 20 hex digits of a hash of
 * both ids (entity ids hold `:`, which a fact id's slug may not).
 */
export function judgementId(a: string, b: string): string {
  const [first, second] = orderedPair(a, b);
  return `judgement:${createHash('sha256').update(`${first}\n${second}`).digest('hex').slice(0, 20)}`;
}
