/**
 * Test readers of GraphML and GEXF: fast-xml-parser reads the documents back the way a tool
 * would (well-formedness first), into plain nodes and edges with their attributes by name.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Reads a document back the way a tool would: elements as lists, attributes kept. */
function parse(xml: string): Record<string, unknown> {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed: ${JSON.stringify(valid.err)}`);
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseAttributeValue: false,
    parseTagValue: false,
    // Numeric character references (&#10;) are XML; fast-xml-parser decodes them with this flag.
    htmlEntities: true,
    isArray: (name) => ['key', 'node', 'edge', 'data', 'attribute', 'attvalue', 'attributes'].includes(name),
  }).parse(xml) as Record<string, unknown>;
}

type El = Record<string, unknown> & { '@id'?: string };

export function readGraphMl(xml: string) {
  const doc = parse(xml).graphml as { key: El[]; graph: { node?: El[]; edge?: El[] } };
  const keyName = new Map(doc.key.map((k) => [k['@id'] as string, k['@attr.name'] as string]));
  const data = (el: El) =>
    Object.fromEntries(
      ((el.data as El[] | undefined) ?? []).map((d) => [
        keyName.get(d['@key'] as string),
        String(d['#text'] ?? ''),
      ]),
    );
  return {
    keys: doc.key,
    nodes: (doc.graph.node ?? []).map((n) => ({ id: n['@id']!, data: data(n) })),
    edges: (doc.graph.edge ?? []).map((e) => ({
      id: e['@id']!,
      source: e['@source'] as string,
      target: e['@target'] as string,
      data: data(e),
    })),
  };
}

export function readGexf(xml: string) {
  const root = parse(xml).gexf as {
    '@xmlns': string;
    '@xmlns:viz': string;
    meta: { creator: string };
    graph: { attributes: (El & { attribute?: El[] })[]; nodes?: { node?: El[] }; edges?: { edge?: El[] } };
  };
  const titles = new Map<string, string>();
  for (const block of root.graph.attributes)
    for (const a of block.attribute ?? []) titles.set(a['@id']!, a['@title'] as string);
  const values = (el: El) =>
    Object.fromEntries(
      (((el.attvalues as El | undefined)?.attvalue as El[] | undefined) ?? []).map((v) => [
        titles.get(v['@for'] as string),
        v['@value'] as string,
      ]),
    );
  return {
    root,
    nodes: (root.graph.nodes?.node ?? []).map((n) => ({
      id: n['@id']!,
      label: n['@label'] as string,
      values: values(n),
      color: n['viz:color'] as El,
      position: n['viz:position'] as El,
      size: n['viz:size'] as El,
    })),
    edges: (root.graph.edges?.edge ?? []).map((e) => ({
      id: e['@id']!,
      label: e['@label'] as string,
      source: e['@source'] as string,
      target: e['@target'] as string,
      values: values(e),
    })),
  };
}
