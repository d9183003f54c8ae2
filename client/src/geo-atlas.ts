/**
 * The offline world for the map view: world-atlas's 1:50m country shapes (they include small
 * jurisdictions such as Hong Kong, which the 1:110m file lacks) turned into GeoJSON features, and
 * the point each country's entities are drawn at. Bundled with the map's lazy chunk: no tile
 * server, no request beyond our own files.
 */
import { geoArea, geoCentroid } from 'd3-geo';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { LonLat } from './geo-placement.js';

export type CountryFeature = Feature<Polygon | MultiPolygon, { name: string }> & { id: string };

/** The country features of a world-atlas topology. */
export function countryFeatures(topology: Topology): CountryFeature[] {
  const countries = topology.objects['countries'] as GeometryCollection<{ name: string }>;
  const collection = feature(topology, countries);
  return collection.features.filter(
    (f): f is CountryFeature =>
      typeof f.id === 'string' && (f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon'),
  );
}

/** A country's largest polygon: what a reader looks for, without far islands and states. */
export function mainPolygon(f: CountryFeature): Polygon {
  const g = f.geometry;
  if (g.type === 'Polygon') return g;
  let best: Polygon = { type: 'Polygon', coordinates: g.coordinates[0] ?? [] };
  let bestArea = -1;
  for (const coordinates of g.coordinates) {
    const polygon: Polygon = { type: 'Polygon', coordinates };
    const area = geoArea(polygon);
    if (area > bestArea) [best, bestArea] = [polygon, area];
  }
  return best;
}

/**
 * The centroid of a country's largest polygon: the centroid of the whole shape can fall far from
 * where a reader looks for the country (the United States' is pulled north-west by Alaska, and
 * a country with overseas islands can land in the sea).
 */
export function mainCentroid(f: CountryFeature): LonLat {
  return geoCentroid(mainPolygon(f));
}

/** Centroids by ISO 3166-1 numeric id. */
export function centroidsById(features: readonly CountryFeature[]): Map<string, LonLat> {
  return new Map(features.map((f) => [f.id, mainCentroid(f)]));
}
