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

  it('when the arrest is read, then it is a confirmed event on 8 March 2018 in Washington state', () => {
    expect(fact('fact:us-authorities-arrested-ramos')).toMatchObject({
      type: 'ARRESTED',
      to: 'person:vincent-ramos',
      status: 'confirmed',
      date: '2018-03-08',
    });
    expect(fact('fact:ramos-arrested-in-washington-state')).toMatchObject({
      to: 'place:washington-state',
      date: '2018-03-08',
    });
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

  it('when the servers are read, then they are hosted in Panama and Hong Kong with the reason given', () => {
    const panama = fact('fact:panama-servers-hosted-in-panama');
    const hongKong = fact('fact:hong-kong-servers-hosted-in-hong-kong');
    expect(panama).toMatchObject({ type: 'HOSTED_IN', to: 'country:panama', status: 'reported' });
    expect(hongKong).toMatchObject({ type: 'HOSTED_IN', to: 'country:hong-kong', status: 'reported' });
    expect(String(panama.properties.reason)).toMatch(/cooperation/);
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
