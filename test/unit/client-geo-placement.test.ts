/**
 * The map view's placement rule (client/src/geo-placement.ts) and its offline atlas
 * (client/src/geo-atlas.ts), headless: which entity goes where, the rings, the labels.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import type { Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import { geoContains } from 'd3-geo';
import { centroidsById, countryFeatures } from '../../client/src/geo-atlas.js';
import {
  countryNumericId,
  locatingTypes,
  placeEntities,
  placeLabels,
  placementText,
  ringOffset,
  type GeoEdge,
  type GeoNode,
  type LonLat,
} from '../../client/src/geo-placement.js';
import { loadModel } from '../../server/model/model.js';

const model = loadModel();
const require = createRequire(import.meta.url);
const topology = JSON.parse(
  fs.readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'),
) as Topology;
const features = countryFeatures(topology);
const centroids = centroidsById(features);
const centroidOf = (id: string): LonLat | undefined => centroids.get(id);

const country = (id: string, label: string, iso2?: string): GeoNode => ({
  id,
  label,
  type: 'Country',
  properties: iso2 ? { name: label, iso2 } : { name: label },
});
const node = (id: string, type: string, properties: GeoNode['properties'] = {}): GeoNode => ({
  id,
  label: id,
  type,
  properties,
});
let edgeCount = 0;
const edge = (source: string, type: string, target: string): GeoEdge => ({
  id: `e${++edgeCount}`,
  source,
  type,
  target,
});

describe('the offline atlas', () => {
  it('when loaded, then Hong Kong (344) has a shape and every centroid lies in its country', () => {
    expect(centroids.has('344')).toBe(true);
    for (const id of ['124', '840', '591', '344']) {
      const f = features.find((x) => x.id === id)!;
      expect(geoContains(f, centroids.get(id)!), id).toBe(true);
    }
  });

  it('when a country has far islands or states, then its point is on its main land (US not in Alaska)', () => {
    const [lon, lat] = centroids.get('840')!;
    expect(lon).toBeGreaterThan(-125);
    expect(lon).toBeLessThan(-70);
    expect(lat).toBeLessThan(50);
  });
});

describe('countryNumericId', () => {
  it('when iso2 is set, then it gives the ISO numeric id', () => {
    expect(countryNumericId(country('c', 'Whatever', 'hk'))).toBe('344');
  });

  it('when iso2 is missing, then the English name is used', () => {
    expect(countryNumericId(country('c', 'Panama'))).toBe('591');
  });

  it('when neither is known, then there is none', () => {
    expect(countryNumericId(country('c', 'Atlantis', 'ZZ'))).toBeUndefined();
  });
});

describe('placeEntities', () => {
  const ca = country('country:canada', 'Canada', 'CA');
  const us = country('country:us', 'United States', 'US');
  const pa = country('country:panama', 'Panama', 'PA');

  it('when a server is hosted in a country, then it sits on the ring of that country, the country at the centre', () => {
    const server = node('server:pa', 'Server');
    const { placed, unplaced } = placeEntities(
      [pa, server],
      [edge('server:pa', 'HOSTED_IN', 'country:panama')],
      model,
      centroidOf,
    );
    expect(unplaced).toEqual([]);
    const [p, s] = placed;
    expect(p).toMatchObject({ id: 'country:panama', countryId: '591', slot: 0, ring: 0 });
    expect(s).toMatchObject({
      placeId: 'country:panama',
      ring: 1,
      via: { type: 'HOSTED_IN', outgoing: true },
    });
    expect(s!.at).toEqual(p!.at);
  });

  it('when a place has coordinates, then it sits there; without, it sits at the country it is located in', () => {
    const wa = node('place:wa', 'Place', { latitude: 47.4, longitude: -120.5 });
    const town = node('place:town', 'Place');
    const { placed } = placeEntities(
      [us, wa, town],
      [edge('place:wa', 'LOCATED_IN', 'country:us'), edge('place:town', 'LOCATED_IN', 'country:us')],
      model,
      centroidOf,
    );
    const at = Object.fromEntries(placed.map((p) => [p.id, p]));
    expect(at['place:wa']).toMatchObject({ at: [-120.5, 47.4], ring: 0 });
    expect(at['place:town']!.at).toEqual(at['country:us']!.at);
    expect(at['place:town']).toMatchObject({ placeId: 'country:us', ring: 1 });
  });

  it('when places are located in each other in a cycle, then they are unplaced and nothing loops', () => {
    const a = node('place:a', 'Place');
    const b = node('place:b', 'Place');
    const { unplaced } = placeEntities(
      [a, b],
      [edge('place:a', 'LOCATED_IN', 'place:b'), edge('place:b', 'LOCATED_IN', 'place:a')],
      model,
      centroidOf,
    );
    expect(unplaced.map((n) => n.id)).toEqual(['place:a', 'place:b']);
  });

  it('when an entity links to several places, then its own locating link wins and the others are listed', () => {
    const person = node('person:x', 'Person');
    const { placed } = placeEntities(
      [ca, us, pa, person],
      [
        edge('country:panama', 'REPORTED_ON', 'person:x'),
        edge('person:x', 'SPOKE_TO', 'country:us'),
        edge('person:x', 'BASED_IN', 'country:canada'),
      ],
      model,
      centroidOf,
    );
    const p = placed.find((x) => x.id === 'person:x')!;
    expect(p).toMatchObject({ placeId: 'country:canada', via: { type: 'BASED_IN' } });
    expect(p.alsoAt).toEqual(['United States', 'Panama']);
    expect(placementText(p)).toContain('based in Canada');
    expect(placementText(p)).toContain('also linked to United States, Panama');
  });

  it('when the links come in another order, then the choice is the same (stable)', () => {
    const person = node('person:x', 'Person');
    const links = [
      edge('person:x', 'BASED_IN', 'country:us'),
      edge('person:x', 'BASED_IN', 'country:canada'),
    ];
    const one = placeEntities([ca, us, person], links, model, centroidOf);
    const two = placeEntities([ca, us, person], [...links].reverse(), model, centroidOf);
    expect(one.placed.find((p) => p.id === 'person:x')!.placeId).toBe('country:canada');
    expect(two.placed.find((p) => p.id === 'person:x')!.placeId).toBe('country:canada');
  });

  it('when an entity is linked only through another entity, then it has no place and is listed', () => {
    const server = node('server:pa', 'Server');
    const device = node('device:d', 'Device');
    const { unplaced } = placeEntities(
      [pa, server, device],
      [edge('server:pa', 'HOSTED_IN', 'country:panama'), edge('device:d', 'CONNECTS_TO', 'server:pa')],
      model,
      centroidOf,
    );
    expect(unplaced.map((n) => n.id)).toEqual(['device:d']);
  });

  it('when a country has no known shape, then it and what links to it are unplaced', () => {
    const atlantis = country('country:atlantis', 'Atlantis', 'ZZ');
    const org = node('org:x', 'Organisation');
    const { placed, unplaced } = placeEntities(
      [atlantis, org],
      [edge('org:x', 'BASED_IN', 'country:atlantis')],
      model,
      centroidOf,
    );
    expect(placed).toEqual([]);
    expect(unplaced).toHaveLength(2);
  });

  it('when several entities share a place, then each has its own slot on one ring', () => {
    const orgs = ['a', 'b', 'c', 'd'].map((k) => node(`org:${k}`, 'Organisation'));
    const { placed } = placeEntities(
      [ca, ...orgs],
      orgs.map((o) => edge(o.id, 'BASED_IN', 'country:canada')),
      model,
      centroidOf,
    );
    const ring = placed.filter((p) => p.type === 'Organisation');
    expect(ring.map((p) => p.slot)).toEqual([0, 1, 2, 3]);
    expect(new Set(ring.map((p) => p.ring))).toEqual(new Set([4]));
  });
});

describe('locatingTypes', () => {
  it('when read from the model, then the links pointing at countries or places are the locating ones', () => {
    const types = locatingTypes(model);
    for (const t of ['BASED_IN', 'HOSTED_IN', 'LOCATED_IN', 'ARRESTED_IN']) expect(types).toContain(t);
    expect(types).not.toContain('USED');
  });
});

describe('ringOffset', () => {
  it('when markers share a ring, then no two are closer than the spacing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), (n) => {
        const pts = Array.from({ length: n }, (_, i) => ringOffset(i, n, 18));
        for (let i = 0; i < n; i++) {
          const a = pts[i]!;
          const b = pts[(i + 1) % n]!;
          expect(Math.hypot(a.dx - b.dx, a.dy - b.dy)).toBeGreaterThanOrEqual(17.9);
        }
      }),
    );
  });

  it('when nothing is on the ring, then there is no offset', () => {
    expect(ringOffset(0, 0)).toEqual({ dx: 0, dy: 0 });
  });
});

describe('placeLabels (map)', () => {
  it('when markers crowd, then the kept labels overlap neither each other nor the markers', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            x: fc.integer({ min: 0, max: 300 }),
            y: fc.integer({ min: 0, max: 200 }),
            n: fc.nat(20),
          }),
          { maxLength: 30 },
        ),
        (raw) => {
          const markers = raw.map((m, i) => ({ id: `m${i}`, x: m.x, y: m.y, text: 'x'.repeat(m.n + 1) }));
          const boxes = placeLabels(markers, { markerRadius: 6 });
          for (let i = 0; i < boxes.length; i++) {
            for (let j = i + 1; j < boxes.length; j++) {
              const [a, b] = [boxes[i]!, boxes[j]!];
              const overlap =
                a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
              expect(overlap).toBe(false);
            }
            const box = boxes[i]!;
            for (const m of markers) {
              const inside =
                m.x + 6 > box.x &&
                m.x - 6 < box.x + box.width &&
                m.y + 6 > box.y &&
                m.y - 6 < box.y + box.height;
              expect(inside).toBe(false);
            }
          }
        },
      ),
    );
  });

  it('when a label would be cut by the right edge, then it goes to the left of its marker', () => {
    const [box] = placeLabels([{ id: 'a', x: 190, y: 50, text: 'Phantom Secure servers' }], {
      bounds: { width: 200, height: 100 },
    });
    expect(box).toMatchObject({ anchor: 'end' });
    expect(box!.x + box!.width).toBeLessThanOrEqual(200);
  });

  it('when a marker stands alone, then its label goes to its right', () => {
    expect(placeLabels([{ id: 'a', x: 10, y: 10, text: 'Canada' }])[0]).toMatchObject({
      anchor: 'start',
      x: 18,
    });
  });
});
