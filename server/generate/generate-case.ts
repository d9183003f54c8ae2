/**
 * A synthetic case shaped like a real one, for load tests and benchmarks:
 * the five core types, power-law degrees (a few hubs, a long tail), supernodes
 * with 100k+ links at 100k entities, and a source on every entity and fact.
 * Deterministic for a given seed, so benchmark runs compare like with like.
 */
import { FACT_STATUSES } from '../contract.js';
import type { CaseDocument, EntityInput, FactInput } from '../model/model.js';

export interface GenerateOptions {
  entities: number;
  seed?: number;
}

/** mulberry32: small, fast, seedable. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An index in [0, n) drawn from a Zipf-like law: low indexes (hubs) are drawn far more often. */
function powerLawIndex(rand: () => number, n: number, exponent = 1.6): number {
  return Math.min(n - 1, Math.floor(n * Math.pow(rand(), exponent * 2)));
}

const TYPE_SHARES: [string, number][] = [
  ['Person', 0.5],
  ['Device', 0.25],
  ['Organisation', 0.15],
  ['Server', 0.1],
];
const COUNTRIES = 60;

export function generateCase(options: GenerateOptions): CaseDocument {
  const rand = random(options.seed ?? 42);
  const total = Math.max(options.entities, 100);
  const sourceCount = Math.max(1, Math.ceil(total / 1000));
  const sources = Array.from({ length: sourceCount }, (_, i) => ({
    id: `src:gen-${i}`,
    title: `Synthetic report ${i}`,
    publisher: 'casegraph generator',
    date: `20${10 + (i % 15)}-0${1 + (i % 9)}`,
    kind: 'synthetic',
  }));
  const sourceFor = (i: number) => [sources[i % sourceCount]!.id];

  const entities: EntityInput[] = [];
  const byType: Record<string, string[]> = {
    Person: [],
    Device: [],
    Organisation: [],
    Server: [],
    Country: [],
  };
  const add = (type: string, id: string, name: string, properties: EntityInput['properties'] = {}) => {
    entities.push({ type, id, name, aliases: [], properties, sources: sourceFor(entities.length) });
    byType[type]!.push(id);
  };
  for (let c = 0; c < COUNTRIES; c++) add('Country', `country:gen-${c}`, `Country ${c}`);
  const rest = total - COUNTRIES - sourceCount;
  for (const [type, share] of TYPE_SHARES) {
    const count = Math.floor(rest * share);
    const prefix = type.toLowerCase();
    for (let i = 0; i < count; i++) add(type, `${prefix}:gen-${i}`, `${type} ${i}`);
  }

  const facts: FactInput[] = [];
  const fact = (type: string, from: string, to: string) => {
    const n = facts.length;
    facts.push({
      id: `fact:gen-${n}`,
      type,
      from,
      to,
      claim: `Synthetic ${type.toLowerCase()} link ${n}.`,
      status: FACT_STATUSES[n % FACT_STATUSES.length]!,
      confidence: Math.round((0.3 + 0.7 * rand()) * 100) / 100,
      ...(n % 3 === 0 && { attribution: 'synthetic allegation' }),
      ...(n % 5 === 0 && { validFrom: `20${10 + (n % 10)}` }),
      sources: sourceFor(n),
      properties: {},
    });
  };
  const people = byType.Person!;
  const orgs = byType.Organisation!;
  const devices = byType.Device!;
  const servers = byType.Server!;
  const countries = byType.Country!;

  // Supernode: the first organisation is the vendor everyone deals with (100k+ links at 100k entities).
  const hub = orgs[0]!;
  for (const person of people) fact('CUSTOMER_OF', person, hub);
  for (const person of people) fact('SHIELDED', hub, person);
  for (const device of devices) fact('SOLD', hub, device);
  // Second tier: countries by power law (the first few are hubs).
  for (const id of [...people, ...orgs]) {
    if (rand() < 0.5) fact('BASED_IN', id, countries[powerLawIndex(rand, countries.length)]!);
  }
  for (const server of servers) fact('HOSTED_IN', server, countries[powerLawIndex(rand, countries.length)]!);
  // The long tail: people use devices and servers, organisations supply each other.
  for (const person of people) {
    fact('USED', person, devices[powerLawIndex(rand, devices.length)]!);
    if (rand() < 0.2) fact('USED', person, servers[powerLawIndex(rand, servers.length)]!);
  }
  for (let i = 1; i < orgs.length; i++) {
    const target = orgs[powerLawIndex(rand, orgs.length)]!;
    if (target !== orgs[i]) fact('SUPPLIED', orgs[i]!, target);
  }

  return {
    case: {
      id: 'case:generated',
      title: 'Generated case',
      summary: `A synthetic case of ${entities.length} entities.`,
    },
    sources,
    entities,
    facts,
  };
}
