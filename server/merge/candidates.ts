/**
 * Why two entities may be the same one: a score and the reasons behind it, from what both records
 * hold (names and aliases, identifiers such as email, domain or phone, and the countries they are
 * linked to). Pure: the service reads the graph (the full-text index proposes the pairs) and asks
 * this module to weigh each pair, so the rules can be read and tested without a database.
 */
import type { MergeReason, MergeReasonKind } from '../contract.js';

/** What the scorer reads of one entity. */
export interface CandidateEntity {
  id: string;
  type: string;
  name: string;
  aliases: readonly string[];
  properties: Readonly<Record<string, unknown>>;
  /** Names or ids of the countries the entity is linked to (any direction), or its own country. */
  countries: readonly string[];
}

/** The reasons' kinds and shape are part of the API (server/contract.ts): one definition. */
export type ReasonKind = MergeReasonKind;
export type CandidateReason = MergeReason;

export interface CandidateScore {
  score: number;
  reasons: CandidateReason[];
}

/**
 * Legal forms and articles that say nothing about which company it is; dropped before comparing.
 * Only whole words, so "Cox" never loses its "co".
 */
const NOISE_WORDS = new Set([
  'the',
  'inc',
  'incorporated',
  'ltd',
  'limited',
  'llc',
  'llp',
  'plc',
  'corp',
  'corporation',
  'co',
  'company',
  'sa',
  'sas',
  'srl',
  'gmbh',
  'ag',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'sl',
  'spa',
  'de',
  'cv',
]);

/** Lower case, accents and punctuation removed, legal forms dropped, words sorted: "S.A. Café Ltd" → "cafe". */
export function normaliseName(name: string): string {
  return nameWords(name).sort().join(' ');
}

function nameWords(name: string): string[] {
  return (
    name
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      // Dots inside abbreviations join their letters: "S.A." is "sa", a legal form, not "s" and "a".
      .replace(/\./g, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .split(' ')
      .filter((w) => w && !NOISE_WORDS.has(w))
  );
}

/** Similarity of two strings from 0 to 1: Dice's coefficient over character bigrams of the normalised names. */
export function nameSimilarity(a: string, b: string): number {
  const [x, y] = [normaliseName(a).replace(/ /g, ''), normaliseName(b).replace(/ /g, '')];
  if (!x || !y) return 0;
  if (x === y) return 1;
  if (x.length < 2 || y.length < 2) return 0;
  const bigrams = (s: string) => {
    const counts = new Map<string, number>();
    for (let i = 0; i < s.length - 1; i++)
      counts.set(s.slice(i, i + 2), (counts.get(s.slice(i, i + 2)) ?? 0) + 1);
    return counts;
  };
  const [bx, by] = [bigrams(x), bigrams(y)];
  let shared = 0;
  for (const [gram, n] of bx) shared += Math.min(n, by.get(gram) ?? 0);
  return (2 * shared) / (x.length - 1 + (y.length - 1));
}

/** Property keys that identify: one shared value is strong evidence, whatever the names say. */
const IDENTIFIER_KEYS = [
  'email',
  'domain',
  'phone',
  'website',
  'iso2',
  'registrationNumber',
  'taxId',
  'imei',
];

function identifierValues(entity: CandidateEntity): Map<string, string> {
  const values = new Map<string, string>();
  for (const key of IDENTIFIER_KEYS) {
    const raw = entity.properties[key];
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (typeof value !== 'string' || !value.trim()) continue;
      // Phones compare by digits, the rest without case or surrounding space.
      const normal = key === 'phone' ? value.replace(/\D+/g, '') : value.trim().toLowerCase();
      if (normal) values.set(`${key}:${normal}`, `${key} ${value.trim()}`);
    }
  }
  return values;
}

/** Scores of the evidence (out of 1 in all, before the cut at 0 and 1). */
export const WEIGHTS = {
  sameName: 0.6,
  similarName: 0.45,
  sharedIdentifier: 0.5,
  sameCountry: 0.15,
  differentType: -0.3,
} as const;

/** Below this name similarity two names are not evidence of anything. */
export const SIMILAR_NAME_THRESHOLD = 0.8;

/** Weighs one pair. The score is the sum of the reasons' weights, kept within 0..1. */
export function scoreCandidate(a: CandidateEntity, b: CandidateEntity): CandidateScore {
  const reasons: CandidateReason[] = [];
  const namesA = [a.name, ...a.aliases];
  const namesB = [b.name, ...b.aliases];

  let best = { similarity: 0, x: a.name, y: b.name };
  for (const x of namesA)
    for (const y of namesB) {
      const similarity = nameSimilarity(x, y);
      if (similarity > best.similarity) best = { similarity, x, y };
    }
  if (best.similarity === 1)
    reasons.push({
      kind: 'same-name',
      detail: `'${best.x}' and '${best.y}' are the same name once case, accents, punctuation and legal forms are set aside`,
      weight: WEIGHTS.sameName,
    });
  else if (best.similarity >= SIMILAR_NAME_THRESHOLD)
    reasons.push({
      kind: 'similar-name',
      detail: `'${best.x}' and '${best.y}' are ${Math.round(best.similarity * 100)}% alike`,
      weight: round(WEIGHTS.similarName * best.similarity),
    });

  const idsB = identifierValues(b);
  for (const [key, shown] of identifierValues(a))
    if (idsB.has(key))
      reasons.push({
        kind: 'shared-identifier',
        detail: `both have ${shown}`,
        weight: WEIGHTS.sharedIdentifier,
      });

  const countriesB = new Set(b.countries);
  const shared = [...new Set(a.countries)].filter((c) => countriesB.has(c));
  // A shared country only counts beside a name match: two firms in Panama are not one firm.
  if (shared.length && reasons.some((r) => r.kind !== 'shared-identifier'))
    reasons.push({
      kind: 'same-country',
      detail: `both linked to ${shared.join(', ')}`,
      weight: WEIGHTS.sameCountry,
    });

  if (a.type !== b.type && reasons.length)
    reasons.push({
      kind: 'different-type',
      detail: `one is a ${a.type}, the other a ${b.type}`,
      weight: WEIGHTS.differentType,
    });

  const score = round(
    Math.max(
      0,
      Math.min(
        1,
        reasons.reduce((sum, r) => sum + r.weight, 0),
      ),
    ),
  );
  return { score, reasons };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
