/**
 * The explorer API's own fixture graph, until the tests move to the seeded case: a small
 * Phantom-Secure-like network that follows the storage conventions (Entity label, `id`, `name`,
 * `aliases`/`aliasText`, `sources`; facts with id, claim, status, confidence, dates, sources),
 * a supernode with 20,000 CUSTOMER_OF links (18,000 from people, 2,000 from organisations), and a
 * few nodes on labels no model knows. Everything carries the `fx:` prefix (or an `Fx` label) and
 * `removeApiFixture` deletes it again.
 */
import type { Driver } from 'neo4j-driver';
import { loadModel, schemaStatements, toAliasText } from '../../server/model/model.js';
import { awaitSearchIndex } from '../../server/schema/apply-schema.js';

export const FX = {
  phantom: 'fx:org:phantom-secure',
  ramos: 'fx:person:vincent-ramos',
  nasri: 'fx:person:younes-nasri',
  sinaloa: 'fx:group:sinaloa',
  fbi: 'fx:org:fbi',
  psBlackberry: 'fx:device:ps-blackberry',
  blackberry: 'fx:device:blackberry',
  network: 'fx:net:ps-network',
  mail: 'fx:email:ps-mail',
  serverHk: 'fx:server:hk',
  serverPa: 'fx:server:pa',
  hongKong: 'fx:country:hk',
  panama: 'fx:country:pa',
  canada: 'fx:country:ca',
  usa: 'fx:country:us',
  bellingham: 'fx:place:bellingham',
  hub: 'fx:org:hub',
  lonely: 'fx:person:lonely',
  news: 'fx:src:news',
  complaint: 'fx:src:complaint',
} as const;

/** Links of the supernode: CUSTOMER_OF from people 1..18000 and organisations 18001..20000. */
export const HUB_CUSTOMERS = 20_000;
export const HUB_PERSON_CUSTOMERS = 18_000;

interface EntitySpec {
  type: string;
  id: string;
  name: string;
  aliases?: string[];
  props?: Record<string, unknown>;
  sources?: string[];
}

const entities: EntitySpec[] = [
  {
    type: 'Source',
    id: FX.news,
    name: 'The encrypted phone empire',
    props: {
      publisher: 'Example News',
      date: '2018-03-16',
      kind: 'news',
      reference: 'https://news.example/ps',
    },
  },
  {
    type: 'Source',
    id: FX.complaint,
    name: 'Criminal complaint against Phantom Secure',
    props: { publisher: 'US District Court', date: '2018-03-07', kind: 'court-document' },
  },
  {
    type: 'Organisation',
    id: FX.phantom,
    name: 'Phantom Secure',
    aliases: ['PS', 'Phantom Secure Communications'],
    props: { kind: 'company', description: 'Sold encrypted phones.' },
  },
  {
    type: 'Person',
    id: FX.ramos,
    name: 'Vincent Ramos',
    aliases: ['CEO of Phantom Secure', 'Vince'],
    props: { role: 'chief executive' },
  },
  { type: 'Person', id: FX.nasri, name: 'Younes Nasri' },
  {
    type: 'Group',
    id: FX.sinaloa,
    name: 'Sinaloa cartel',
    aliases: ['Cártel de Sinaloa', 'Pacific cartel'],
    props: { kind: 'criminal' },
  },
  {
    type: 'Organisation',
    id: FX.fbi,
    name: 'FBI',
    aliases: ['Federal Bureau of Investigation'],
    props: { kind: 'law-enforcement' },
  },
  {
    type: 'Device',
    id: FX.psBlackberry,
    name: 'Phantom Secure BlackBerry',
    aliases: ['PGP BlackBerry'],
    props: { kind: 'handset', encrypted: true },
  },
  {
    type: 'Device',
    id: FX.blackberry,
    name: 'BlackBerry handset',
    props: { kind: 'handset', brand: 'BlackBerry' },
  },
  {
    type: 'Network',
    id: FX.network,
    name: 'Phantom Secure network',
    props: { encrypted: true, closed: true },
  },
  {
    type: 'EmailService',
    id: FX.mail,
    name: 'Phantom Secure mail',
    props: { domain: 'phantomsecure.example' },
  },
  { type: 'Server', id: FX.serverHk, name: 'Phantom Secure servers (Hong Kong)' },
  { type: 'Server', id: FX.serverPa, name: 'Phantom Secure servers (Panama)' },
  { type: 'Country', id: FX.hongKong, name: 'Hong Kong', props: { iso2: 'HK', kind: 'territory' } },
  { type: 'Country', id: FX.panama, name: 'Panama', props: { iso2: 'PA' } },
  { type: 'Country', id: FX.canada, name: 'Canada', props: { iso2: 'CA' } },
  { type: 'Country', id: FX.usa, name: 'United States', aliases: ['USA', 'US'], props: { iso2: 'US' } },
  { type: 'Place', id: FX.bellingham, name: 'Bellingham', props: { kind: 'city' } },
  { type: 'Organisation', id: FX.hub, name: 'Hubtel Wholesale', aliases: ['Hubtel'] },
  { type: 'Person', id: FX.lonely, name: 'Lonely Witness' },
];

interface FactSpec {
  id: string;
  type: string;
  from: string;
  to: string;
  status: 'alleged' | 'reported' | 'confirmed';
  confidence: number;
  claim: string;
  props?: Record<string, unknown>;
  sources?: string[];
}

const facts: FactSpec[] = [
  f('leads', 'LEADS', FX.ramos, FX.phantom, 'confirmed', 0.95, 'Ramos ran Phantom Secure.', {
    validFrom: '2008',
  }),
  f('founded', 'FOUNDED', FX.ramos, FX.phantom, 'reported', 0.9, 'Ramos founded it.', { date: '2008' }),
  f('based', 'BASED_IN', FX.phantom, FX.canada, 'reported', 0.85, 'Based in Canada.'),
  f('op-net', 'OPERATES', FX.phantom, FX.network, 'confirmed', 0.9, 'Ran the network.'),
  f('op-mail', 'OPERATES', FX.phantom, FX.mail, 'reported', 0.8, 'Ran the mail service.'),
  f('op-hk', 'OPERATES', FX.phantom, FX.serverHk, 'reported', 0.7, 'Ran servers in Hong Kong.'),
  f('op-pa', 'OPERATES', FX.phantom, FX.serverPa, 'reported', 0.7, 'Ran servers in Panama.'),
  f('hosted-hk', 'HOSTED_IN', FX.serverHk, FX.hongKong, 'reported', 0.7, 'Hosted in Hong Kong.', {
    reason: 'out of reach',
  }),
  f('hosted-pa', 'HOSTED_IN', FX.serverPa, FX.panama, 'reported', 0.7, 'Hosted in Panama.'),
  f('sold', 'SOLD', FX.phantom, FX.psBlackberry, 'confirmed', 0.95, 'Sold the handsets.', {
    priceMin: 2000,
    priceMax: 3000,
    currency: 'USD',
    termMonths: 6,
  }),
  f('modified', 'MODIFIED_FROM', FX.psBlackberry, FX.blackberry, 'reported', 0.9, 'A modified BlackBerry.', {
    removedFeatures: ['camera', 'microphone', 'GPS'],
  }),
  f('preloaded', 'PRELOADED_WITH', FX.psBlackberry, FX.mail, 'reported', 0.85, 'Came with the mail app.'),
  f('connects', 'CONNECTS_TO', FX.psBlackberry, FX.network, 'reported', 0.85, 'Talks only to the network.'),
  f('supplied-sinaloa', 'SUPPLIED', FX.phantom, FX.sinaloa, 'alleged', 0.6, 'Supplied the cartel.', {
    attribution: 'FBI criminal complaint',
    goods: 'encrypted devices',
  }),
  f('customer-sinaloa', 'CUSTOMER_OF', FX.sinaloa, FX.phantom, 'alleged', 0.6, 'The cartel was a customer.', {
    attribution: 'FBI criminal complaint',
  }),
  f('arrested', 'ARRESTED', FX.fbi, FX.ramos, 'confirmed', 1, 'The FBI arrested Ramos.', {
    date: '2018-03-07',
  }),
  f('arrested-in', 'ARRESTED_IN', FX.ramos, FX.bellingham, 'confirmed', 1, 'Arrested in Bellingham.', {
    date: '2018-03-07',
  }),
  f('located', 'LOCATED_IN', FX.bellingham, FX.usa, 'confirmed', 1, 'Bellingham is in the US.'),
  f('member', 'MEMBER_OF', FX.nasri, FX.sinaloa, 'alleged', 0.4, 'Said to belong to the cartel.', {
    attribution: 'a news report',
  }),
  f('supplied-nasri', 'SUPPLIED', FX.phantom, FX.nasri, 'alleged', 0.5, 'Supplied Nasri.', {
    attribution: 'FBI criminal complaint',
    validFrom: '2014',
    validTo: '2018-03',
  }),
  f('hub-supplied', 'SUPPLIED', FX.hub, FX.phantom, 'reported', 0.5, 'The wholesaler supplied handsets.'),
];

function f(
  slug: string,
  type: string,
  from: string,
  to: string,
  status: FactSpec['status'],
  confidence: number,
  claim: string,
  props: Record<string, unknown> = {},
): FactSpec {
  return { id: `fx:fact:${slug}`, type, from, to, status, confidence, claim, props };
}

/** Creates the schema (idempotent) and the fixture graph; removes any earlier fixture first. */
export async function seedApiFixture(driver: Driver, database = 'neo4j'): Promise<void> {
  for (const statement of schemaStatements(loadModel())) {
    await driver.executeQuery(statement, {}, { database });
  }
  await driver.executeQuery('CALL db.awaitIndexes(300)', {}, { database });
  await removeApiFixture(driver, database);

  const session = driver.session({ database });
  try {
    await session.executeWrite(async (tx) => {
      for (const entity of entities) {
        const aliases = entity.aliases ?? [];
        // Labels cannot be parameters; these come from the fixture above, not from input.
        await tx.run(`CREATE (n:Entity:${entity.type}) SET n = $props`, {
          props: {
            ...entity.props,
            id: entity.id,
            name: entity.name,
            aliases,
            aliasText: toAliasText(aliases),
            sources: entity.sources ?? [FX.news],
          },
        });
      }
      for (const fact of facts) {
        await tx.run(
          `MATCH (a:Entity {id: $from}), (b:Entity {id: $to}) CREATE (a)-[r:${fact.type}]->(b) SET r = $props`,
          {
            from: fact.from,
            to: fact.to,
            props: {
              ...fact.props,
              id: fact.id,
              claim: fact.claim,
              status: fact.status,
              confidence: fact.confidence,
              sources: fact.sources ?? [FX.news, FX.complaint],
            },
          },
        );
      }
    });
    await session.executeWrite(async (tx) => {
      for (const [label, from, to] of [
        ['Person', 1, HUB_PERSON_CUSTOMERS],
        ['Organisation', HUB_PERSON_CUSTOMERS + 1, HUB_CUSTOMERS],
      ] as const) {
        await tx.run(
          `MATCH (hub:Entity {id: $hub})
           UNWIND range($from, $to) AS i
           CREATE (c:Entity:${label} {id: 'fx:cust:' + i, name: 'Customer ' + i, aliases: [], aliasText: '',
                   sources: [$source]})
           CREATE (c)-[:CUSTOMER_OF {id: 'fx:fact:cust-' + i, claim: 'Customer ' + i + ' bought from the hub.',
                   status: 'reported', confidence: 0.5, sources: [$source]}]->(hub)`,
          { hub: FX.hub, from, to, source: FX.news },
        );
      }
    });
    await session.executeWrite(async (tx) => {
      await tx.run(
        `CREATE (planet:FxPlanet {title: 'Kepler-22b', discovered: date('2011-12-05'), massEarths: 36,
                                  catalogNumber: 9007199254740993, location: point({x: 1.5, y: 2.5}),
                                  seenAt: datetime('2011-12-05T10:00:00Z')})
         CREATE (star:FxStar {designation: 'Kepler-22', spectralType: 'G5V'})
         CREATE (rock:FxRock)
         CREATE (planet)-[:ORBITS {periodDays: 289.9, since: duration('P1Y')}]->(star)
         CREATE (rock)-[:NEAR {distanceLy: 600.5}]->(star)
         CREATE (planet)-[:NEAR]->(:FxRock {code: 'R-2'})`,
      );
    });
  } finally {
    await session.close();
  }
  // Written straight into Neo4j: searchable once the eventually consistent index catches up.
  await awaitSearchIndex(driver, database);
}

/** Deletes every fixture node (in batches: the supernode has 20k links) and test-made queries. */
export async function removeApiFixture(driver: Driver, database = 'neo4j'): Promise<void> {
  const session = driver.session({ database });
  try {
    await session.run(
      `MATCH (n:Entity) WHERE n.id STARTS WITH 'fx:'
       CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`,
    );
    await session.run('MATCH (n) WHERE n:FxPlanet OR n:FxStar OR n:FxRock DETACH DELETE n');
    await session.run("MATCH (q:SavedQuery) WHERE q.owner STARTS WITH 'fx-' DELETE q");
  } finally {
    await session.close();
  }
}

/** Write, admin, schema, LOAD CSV, USE and foreign-procedure forms the console must refuse. */
export const REFUSED_CYPHER = [
  'CREATE (n:Person {name: "x"})',
  'create (n)',
  'MATCH (n) SET n.name = "x"',
  'MATCH (n) SET n:Flagged',
  'MATCH (n) REMOVE n.name',
  'MATCH (n) DELETE n',
  'MATCH (n) DETACH DELETE n',
  'MATCH (n) NODETACH DELETE n',
  'MERGE (n:Person {id: "x"})',
  'MATCH (a), (b) MERGE (a)-[:KNOWS]->(b)',
  'UNWIND [1, 2] AS x FOREACH (i IN [x] | CREATE (:T))',
  'MATCH (n) WITH n LIMIT 1 CALL (n) { SET n.x = 1 }',
  'MATCH (n) CALL (n) { RETURN 1 AS one } IN TRANSACTIONS RETURN one',
  'MATCH (n) CALL { WITH n RETURN n AS m } IN 4 CONCURRENT TRANSACTIONS OF 10 ROWS RETURN m',
  'LOAD CSV FROM "http://example.com/x.csv" AS row RETURN row',
  'load csv with headers from "file:///etc/passwd" as row return row',
  'USE system SHOW USERS',
  'USE neo4j MATCH (n) RETURN n',
  'SHOW USERS',
  'SHOW DATABASES',
  'SHOW INDEXES',
  'SHOW TRANSACTIONS',
  'TERMINATE TRANSACTIONS "neo4j-transaction-1"',
  'CREATE INDEX foo FOR (n:Person) ON (n.name)',
  'DROP INDEX entity_search',
  'DROP CONSTRAINT entity_id',
  'CREATE CONSTRAINT c FOR (n:X) REQUIRE n.id IS UNIQUE',
  'ALTER USER neo4j SET PASSWORD "x"',
  'ALTER DATABASE neo4j SET ACCESS READ ONLY',
  'GRANT ROLE admin TO bob',
  'REVOKE ROLE admin FROM bob',
  'DENY READ {*} ON GRAPH * TO bob',
  'START DATABASE neo4j',
  'STOP DATABASE neo4j',
  'CREATE DATABASE evil',
  'CREATE USER bob SET PASSWORD "secret123"',
  'RENAME ROLE a TO b',
  'CALL dbms.listConfig()',
  'CALL dbms.security.listUsers()',
  'CALL dbms.killQuery("x")',
  'CALL apoc.periodic.iterate("MATCH (n) RETURN n", "DETACH DELETE n", {})',
  'CALL apoc.cypher.runWrite("CREATE (n)", {})',
  'CALL db.createLabel("X")',
  'CALL db.index.fulltext.drop("entity_search")',
  'CALL db.clearQueryCaches()',
  'CALL `apoc`.`load`.`json`("http://x")',
  'CALL apoc . load . json ("http://x")',
  'CALL dbms/* hidden */.listConfig()',
  'RETURN apoc.text.join(["a"], ",")',
  'RETURN `apoc.coll.sum`([1, 2])',
  'RETURN gds.similarity.cosine([1], [1])',
  'EXPLAIN MATCH (n) RETURN n',
  'PROFILE MATCH (n) RETURN n',
  'CYPHER runtime=slotted MATCH (n) RETURN n',
  'MATCH (n) RETURN n; MATCH (m) DETACH DELETE m',
  'RETURN 1; RETURN 2',
  'INSERT (n:Person)',
  'MATCH (n) RETURN n // fine so far\nCREATE (m)',
  'MATCH (n) /* comment */ DELETE n',
  'RETURN "unterminated',
  'RETURN 1 /* unterminated',
  'RETURN \\u0043REATE',
  'MATCH (n) WHERE n.name = "x" ENABLE SERVER "x"',
];
