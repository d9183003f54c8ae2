/**
 * Unit tests for the Phantom Secure case file (`cypher/cases/phantom-secure.json`): it validates
 * against the model, keeps provenance on every element, carries the key facts with the right
 * level of proof, and is written in our own words rather than copied from the source report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadModel, validateCase, type CaseDocument, type FactInput } from '../../server/model/model.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const caseFile = path.join(repoRoot, 'cypher/cases/phantom-secure.json');
const reportFile = path.resolve(repoRoot, '../shared/seeds/000_871fa6f9d3d625a9.txt');

const model = loadModel(path.join(repoRoot, 'cypher/model.json'));
const raw: unknown = JSON.parse(fs.readFileSync(caseFile, 'utf8'));
const doc = raw as CaseDocument;

function fact(id: string): FactInput {
  const found = doc.facts.find((f) => f.id === id);
  if (!found) throw new Error(`fact ${id} is missing from the case file`);
  return found;
}

describe('cypher/cases/phantom-secure.json', () => {
  it('when validated against the model, then there are no errors', () => {
    const result = validateCase(model, raw);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('when its sources are read, then each one names a public web address, not a file of ours', () => {
    // The details panel links a reference that is a URL; a repository path means nothing to a reader.
    for (const s of doc.sources) {
      expect(s.reference, s.id).toMatch(/^https:\/\/[^/]+\.[a-z]+\//);
      expect(s.reference, s.id).not.toMatch(/seeds\//);
    }
  });

  it('when counted, then it holds a full case rather than a sketch', () => {
    expect(doc.entities.length).toBeGreaterThanOrEqual(25);
    expect(doc.entities.length).toBeLessThanOrEqual(40);
    expect(doc.facts.length).toBeGreaterThanOrEqual(35);
    expect(doc.facts.length).toBeLessThanOrEqual(60);
  });

  it('when each entity and fact is read, then it cites at least one source listed in the file', () => {
    const sourceIds = new Set(doc.sources.map((s) => s.id));
    for (const item of [...doc.entities, ...doc.facts]) {
      expect(item.sources.length, item.id).toBeGreaterThan(0);
      for (const cited of item.sources) expect(sourceIds.has(cited), `${item.id} cites ${cited}`).toBe(true);
    }
  });

  it('when ids are collected, then none repeats', () => {
    const ids = [...doc.sources, ...doc.entities, ...doc.facts].map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('when the arrest is read, then it is a reported event in Washington state whose day is uncertain and says why', () => {
    // The report gives "March 8" with no year (the year comes from the report's own date) and other
    // coverage names another day: the date stays, with a note and a confidence below confirmed.
    for (const id of ['fact:us-authorities-arrested-ramos', 'fact:ramos-arrested-in-washington-state']) {
      expect(fact(id), id).toMatchObject({ status: 'reported', date: '2018-03-08' });
      expect(fact(id).confidence, id).toBeLessThan(0.9);
      expect(String(fact(id).properties?.dateNote), id).toMatch(/no year.*inferred.*different day/s);
    }
    expect(fact('fact:us-authorities-arrested-ramos').to).toBe('person:vincent-ramos');
    expect(fact('fact:ramos-arrested-in-washington-state').to).toBe('place:washington-state');
    expect(fact('fact:washington-state-located-in-united-states').to).toBe('country:united-states');
  });

  it('when the supply to the Sinaloa Cartel is read, then it is alleged, knowingly, and attributed', () => {
    const supply = fact('fact:phantom-secure-supplied-sinaloa-cartel');
    expect(supply).toMatchObject({ type: 'SUPPLIED', from: 'org:phantom-secure', to: 'org:sinaloa-cartel' });
    expect(supply.status).toBe('alleged');
    expect(supply.properties).toMatchObject({ knowingly: true });
    expect(supply.confidence).toBeLessThan(0.8);
    expect(supply.attribution).toMatch(/authorities|FBI/);
  });

  it("when the servers are read, then where they were is reported and why is the prosecution's account", () => {
    for (const [used, hosted, country] of [
      ['fact:phantom-secure-used-panama-servers', 'fact:panama-servers-hosted-in-panama', 'country:panama'],
      [
        'fact:phantom-secure-used-hong-kong-servers',
        'fact:hong-kong-servers-hosted-in-hong-kong',
        'country:hong-kong',
      ],
    ] as const) {
      expect(fact(used)).toMatchObject({ type: 'USED', status: 'reported' });
      expect(fact(hosted)).toMatchObject({ type: 'HOSTED_IN', to: country, status: 'alleged' });
      expect(fact(hosted).attribution).toMatch(/complaint/);
      expect(String(fact(hosted).properties?.reason)).toMatch(/cooperation/);
    }
  });

  it('when a fact is attributed to the complaint, prosecutors or authorities, then it is alleged', () => {
    const charged = doc.facts.filter((f) => /complaint|prosecut|authorities/i.test(f.attribution ?? ''));
    expect(charged.length).toBeGreaterThan(10);
    for (const f of charged) expect(f.status, f.id).toBe('alleged');
  });

  it('when compared with the report, then details it does not contain are not recorded', () => {
    // The report says neither what Ramos told the undercover agents, nor what the servers were
    // for, nor that the addresses' owners wrote from them, nor how the phones were marketed.
    expect(fact('fact:ramos-spoke-to-undercover-agents').properties?.topic).toBeUndefined();
    for (const id of [
      'fact:phantom-secure-used-panama-servers',
      'fact:phantom-secure-used-hong-kong-servers',
    ])
      expect(fact(id).properties?.purpose, id).toBeUndefined();
    for (const f of doc.facts) {
      expect(f.claim, f.id).not.toMatch(/wrote from/);
      expect(f.properties ?? {}, f.id).not.toHaveProperty('marketedFor');
    }
  });

  it('when the complaint is read, then its filing is reported (the report does not say who filed it) and its design allegation is alleged', () => {
    expect(fact('fact:fbi-filed-complaint')).toMatchObject({ from: 'org:fbi', status: 'reported' });
    expect(fact('fact:complaint-filed-in-federal-court').to).toBe('org:us-federal-court');
    expect(fact('fact:phantom-network-designed-to-evade-law-enforcement').status).toBe('alleged');
    expect(fact('fact:phantom-secure-took-part-in-drug-conspiracy').status).toBe('alleged');
  });

  it('when a fact restates the charge or rests on hedged analysis, then it is alleged, with who alleges it', () => {
    for (const id of [
      'fact:sinaloa-cartel-member-of-organised-crime-groups',
      'fact:organised-crime-groups-used-phantom-handsets',
    ]) {
      expect(fact(id).status, id).toBe('alleged');
      expect(fact(id).attribution, id).toBeTruthy();
    }
  });

  it('when the handset sale is read, then the price and term are numbers, not only prose', () => {
    expect(fact('fact:phantom-secure-sold-handsets').properties).toMatchObject({
      priceMin: 2000,
      priceMax: 3000,
      currency: 'USD',
      termMonths: 6,
    });
  });

  it('when the email addresses are read, then both exist and point at their services', () => {
    const names = doc.entities.filter((e) => e.type === 'EmailAddress').map((e) => e.name);
    expect(names.sort()).toEqual(['Elchapo66@lockedpgp.com', 'The.cartel@freedomsecure.me']);
    expect(fact('fact:the-cartel-address-provided-by-freedomsecure').to).toBe(
      'emailservice:freedomsecure-me',
    );
    expect(fact('fact:elchapo66-address-provided-by-lockedpgp').to).toBe('emailservice:lockedpgp-com');
  });

  it('when the company is read, then its other name is an alias', () => {
    const company = doc.entities.find((e) => e.id === 'org:phantom-secure');
    expect(company?.aliases).toContain('Phantom Security Communications');
  });

  it('when no date is known, then none is invented: only the arrest and the report carry dates', () => {
    const dated = doc.facts.filter((f) => f.date || f.validFrom || f.validTo);
    for (const f of dated) expect(f.date, f.id).toMatch(/^2018-03/);
  });

  // Copying the report would turn our data into a reprint; 8 words in a row is our line for "copied".
  it('when compared with the source report, then no run of 8 consecutive words is copied', (context) => {
    if (!fs.existsSync(reportFile)) {
      // CI runs in a clone with a copy of shared/ beside it: there a missing report is a broken
      // set-up, and skipping would let a copied sentence through unseen.
      const ci = process.env.CI ?? '';
      if (ci !== '' && ci !== 'false' && ci !== '0') {
        throw new Error(
          `source report not found at ${reportFile}, and CI is set: the copy check must run in CI (put shared/seeds/ beside the clone)`,
        );
      }
      context.skip(`source report not found at ${reportFile}; copy check skipped (outside CI)`);
      return;
    }
    const runLength = 8;
    const reportRuns = new Set(wordRuns(fs.readFileSync(reportFile, 'utf8'), runLength));
    const copied: string[] = [];
    for (const text of allStrings(raw)) {
      for (const run of wordRuns(text, runLength))
        if (reportRuns.has(run)) copied.push(`"${run}" in "${text}"`);
    }
    expect(copied).toEqual([]);
  });
});

/** Lower-cased words with punctuation stripped, as runs of `length` consecutive words. */
function wordRuns(text: string, length: number): string[] {
  const words = text
    .toLowerCase()
    .replace(/[\u2018\u2019']/g, '') // "Phantom's" and "Phantom’s" compare as one word
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const runs: string[] = [];
  for (let i = 0; i + length <= words.length; i++) runs.push(words.slice(i, i + length).join(' '));
  return runs;
}

function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...allStrings(inner)]);
  }
  return [];
}
