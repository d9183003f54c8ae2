/**
 * The dossier renderer on its own: every value escaped, alleged facts marked, every section
 * present, nothing that could make the file fetch or run anything, and a deterministic picture.
 */
import { describe, expect, it } from 'vitest';
import type { Note } from '../../server/contract.js';
import { layoutDossier } from '../../server/dossier/dossier-layout.js';
import { renderDossier, type DossierInput } from '../../server/dossier/render-dossier.js';
import { loadModel, type FactInput } from '../../server/model/model.js';

const model = loadModel();
const hostile = '<img src=x onerror=alert(1)>';

function fact(overrides: Partial<FactInput>): FactInput {
  return {
    id: 'fact:a-leads-b',
    type: 'LEADS',
    from: 'person:a',
    to: 'org:b',
    claim: 'A runs B.',
    status: 'reported',
    confidence: 0.8,
    sources: ['src:one'],
    properties: {},
    ...overrides,
  };
}

const note: Note = {
  id: 'note:00000000-0000-0000-0000-000000000001',
  author: 'ana',
  target: 'person:a',
  workspaceId: null,
  scope: 'case',
  text: `Check this ${hostile}`,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};

function input(overrides: Partial<DossierInput> = {}): DossierInput {
  return {
    title: 'Test case',
    scope: 'case',
    generatedAt: '2026-12-04T12:00:00.000Z',
    generatedBy: 'cli:tester',
    model,
    entities: [
      {
        type: 'Person',
        id: 'person:a',
        name: 'Alice A',
        aliases: ['Al'],
        properties: { role: 'chief' },
        sources: ['src:one'],
      },
      {
        type: 'Organisation',
        id: 'org:b',
        name: 'B Corp',
        aliases: [],
        properties: {},
        sources: ['src:one'],
      },
    ],
    facts: [
      fact({}),
      fact({
        id: 'fact:b-founded',
        type: 'FOUNDED',
        status: 'alleged',
        claim: 'A founded B.',
        date: '2010-05',
      }),
    ],
    sources: [
      {
        id: 'src:one',
        title: 'The first report',
        publisher: 'Paper',
        date: '2018-03',
        reference: 'https://example.org/report',
      },
    ],
    notes: [note],
    ...overrides,
  };
}

describe('renderDossier', () => {
  it('when a claim, a name and a note hold HTML, then they render as text, never as markup', () => {
    const html = renderDossier(
      input({
        title: hostile,
        facts: [fact({ claim: hostile, attribution: '"quoted" & <b>bold</b>' })],
        entities: [
          {
            type: 'Person',
            id: 'person:a',
            name: hostile,
            aliases: [hostile],
            properties: { role: hostile },
            sources: [],
          },
        ],
      }),
    );
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>bold');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });

  it('when a source reference is not an http address, then it is shown as text and not linked', () => {
    const html = renderDossier(
      input({ sources: [{ id: 'src:one', title: 'Evil', reference: 'javascript:alert(1)' }] }),
    );
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('javascript:alert(1)');
  });

  it('when a dossier is rendered, then it has no script and links only to source references and its own anchors', () => {
    const html = renderDossier(input());
    expect(html).not.toMatch(/<script/i);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.filter((href) => !href.startsWith('#'))).toEqual(
      Array(hrefs.filter((href) => !href.startsWith('#')).length).fill('https://example.org/report'),
    );
    // No other address anywhere but the SVG namespace (which is a name, not a request).
    const addresses = [...html.matchAll(/https?:\/\/[^"'<\s]+/g)].map((m) => m[0]);
    expect(new Set(addresses)).toEqual(new Set(['https://example.org/report', 'http://www.w3.org/2000/svg']));
    expect(html).not.toMatch(/<[^>]*\s(src|srcset|action)=/);
    expect(html).not.toMatch(/url\(|@import/);
  });

  it('when a dossier is rendered, then it has the title, counts, picture, entity, fact, source and note sections', () => {
    const html = renderDossier(input());
    for (const id of ['picture', 'entities', 'facts', 'sources', 'notes'])
      expect(html).toContain(`<section id="${id}"`);
    expect(html).toContain('<h1>Test case</h1>');
    expect(html).toContain('2 entities, 2 facts (1 alleged), 1 source, 1 note');
    expect(html).toContain('cli:tester');
    expect(html.match(/<tr [^>]*data-entity-id=/g)).toHaveLength(2);
    expect(html.match(/<tr [^>]*data-fact-id=/g)).toHaveLength(2);
    expect(html).toMatch(/<svg class="picture"[^>]*role="img"/);
    expect(html.match(/<circle /g)).toHaveLength(2);
    expect(html).toContain('<a href="https://example.org/report">The first report</a>');
    expect(html).toContain('@media print');
    expect(html).toContain('display: table-header-group');
  });

  it('when a fact is alleged, then its row and its line in the picture are marked', () => {
    const html = renderDossier(input());
    expect(html).toMatch(/<tr [^>]*data-fact-id="fact:b-founded" class="alleged">/);
    expect(html).toMatch(/<tr [^>]*data-fact-id="fact:a-leads-b">/);
    expect(html).toContain('<span class="status status-alleged">Alleged</span>');
    expect(html.match(/<line [^>]*class="alleged"/g)).toHaveLength(1);
  });

  it('when canvas positions are given for every entity, then the picture uses them (relative placement kept)', () => {
    const positions = new Map([
      ['person:a', { x: 0, y: 0 }],
      ['org:b', { x: 500, y: 0 }],
    ]);
    const html = renderDossier(input({ positions }));
    const circles = [...html.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(circles[0]![1]).toBe(circles[1]![1]);
    expect(circles[0]![0]).not.toBe(circles[1]![0]);
  });

  it('when there is nothing to cover, then the dossier still renders with empty sections', () => {
    const html = renderDossier(input({ entities: [], facts: [], sources: [], notes: [] }));
    expect(html).toContain('Nothing to draw.');
    expect(html).toContain('No notes on what this dossier covers.');
  });
});

describe('layoutDossier', () => {
  it('when the same graph comes in another order, then every entity gets the same point', () => {
    const nodes = Array.from({ length: 30 }, (_, i) => ({
      id: `e:${i}`,
      type: i % 3 ? 'Person' : 'Organisation',
    }));
    const links = nodes.slice(1).map((node, i) => ({ from: nodes[i]!.id, to: node.id }));
    const one = layoutDossier(nodes, links);
    const two = layoutDossier([...nodes].reverse(), [...links].reverse());
    expect(one.size).toBe(30);
    for (const [id, point] of one) expect(two.get(id)).toEqual(point);
    for (const point of one.values()) expect(Number.isFinite(point.x) && Number.isFinite(point.y)).toBe(true);
  });
});
