/**
 * How casegraph's model and FollowTheMoney's meet, as data: which FtM schema a node type or a
 * relationship type becomes on export, which model type an FtM schema becomes on import, and which
 * casegraph property is which FtM property. The FtM schema itself is never copied here: it comes
 * from `@opensanctions/followthemoney` (`ftmModel`), and every name below is checked against it by
 * test/unit/ftm-mapping.test.ts, so an FtM upgrade that renames a schema fails a test, not an import.
 */
import { defaultModel, Model, type Schema } from '@opensanctions/followthemoney';

/** The FtM model of the installed package (schemata, properties, edge specs). */
export const ftmModel = new Model(defaultModel);

/** The schema of that name, or undefined (the package's `getSchema` throws on unknown names). */
export function ftmSchema(name: string): Schema | undefined {
  return Object.hasOwn(ftmModel.schemata, name) ? ftmModel.schemata[name] : undefined;
}

/** The FtM schema a node of `type` becomes; `kind` picks a narrower one where FtM has it. */
export function schemaForNode(type: string, properties: Record<string, unknown>): string {
  const kind = properties.kind;
  switch (type) {
    case 'Person':
      return 'Person';
    case 'Organisation':
      if (kind === 'company') return 'Company';
      if (kind === 'government' || kind === 'court' || kind === 'law-enforcement') return 'PublicBody';
      return 'Organization';
    // A set of actors a source treats as one: FtM's Organization is the nearest party that can be a member.
    case 'Group':
      return 'Organization';
    case 'Source':
      return 'Document';
    case 'EmailAddress':
    case 'OnlineAccount':
      return 'UserAccount';
    // FtM has countries only as a property type; an Address can carry a country and a name.
    case 'Country':
    case 'Place':
      return 'Address';
    // A scheme as an allegation describes it: a Project that parties take part in (ProjectParticipant).
    case 'Scheme':
      return 'Project';
    // Devices, servers, networks and email services: things owned and used, with no closer FtM schema.
    default:
      return 'Asset';
  }
}

/**
 * Relationship types with an FtM interval schema of the same meaning, tried in order; a schema
 * is used only when both ends fit its edge's ranges. Every other type (and any misfit) becomes an
 * UnknownLink whose `role` is the relationship type, which FtM tools show as the link's caption.
 */
export const LINK_SCHEMATA: Readonly<Record<string, readonly string[]>> = {
  LEADS: ['Directorship'],
  MEMBER_OF: ['Membership'],
  TOOK_PART_IN: ['ProjectParticipant'],
  REPORTED_ON: ['Documentation'],
};

export const FALLBACK_LINK_SCHEMA = 'UnknownLink';

/**
 * Casegraph property -> FtM property where the names differ (same-named properties map as they
 * are when the FtM schema has them). `encode`/`decode` turn a value to and from FtM's form.
 */
export interface PropertyRename {
  ftm: string;
  encode?: (value: string) => string;
  decode?: (value: string) => string;
}

export const PROPERTY_RENAMES: Readonly<Record<string, Readonly<Record<string, PropertyRename>>>> = {
  Person: { occupation: { ftm: 'profession' }, role: { ftm: 'position' } },
  OnlineAccount: { platform: { ftm: 'service' }, handle: { ftm: 'username' } },
  // FtM's country type is the lower-case ISO code.
  Country: {
    iso2: { ftm: 'country', encode: (v) => v.toLowerCase(), decode: (v) => v.toUpperCase() },
  },
  Source: { url: { ftm: 'sourceUrl' } },
};

/** Node types on import: FtM schema -> model type (and the `kind` it implies), most specific first. */
export const NODE_TYPES_FROM_FTM: ReadonlyArray<{
  schema: string;
  type: string;
  kind?: string;
}> = [
  { schema: 'Person', type: 'Person' },
  { schema: 'Company', type: 'Organisation', kind: 'company' },
  { schema: 'PublicBody', type: 'Organisation', kind: 'government' },
  { schema: 'Organization', type: 'Organisation' },
  { schema: 'LegalEntity', type: 'Organisation' },
  { schema: 'UserAccount', type: 'OnlineAccount' },
  { schema: 'Address', type: 'Place', kind: 'other' },
  { schema: 'Project', type: 'Scheme' },
];

/**
 * Facts on import: FtM edge schema -> model relationship types to try, in order, from the edge's
 * source to its target. Several are approximations, because the model has no ownership, payment or
 * employment type: the fact's claim says what the FtM link said, and the import report lists each
 * approximation. `role` is written to the fact's `role` property when its type declares one.
 */
export const FACT_TYPES_FROM_FTM: Readonly<
  Record<string, { types: readonly string[]; role?: string; note?: string }>
> = {
  Directorship: { types: ['LEADS'] },
  Membership: { types: ['MEMBER_OF'] },
  Employment: { types: ['MEMBER_OF'], note: 'employment read as membership of the employer' },
  Ownership: {
    types: ['LEADS'],
    role: 'owner',
    note: 'the model has no ownership type: a person owning an organisation is read as leading it (role "owner")',
  },
  Payment: {
    types: ['CUSTOMER_OF'],
    note: 'the model has no payment type: the payer is read as a customer of the beneficiary',
  },
  Representation: { types: ['SUPPLIED'], note: 'representation read as the agent supplying the client' },
  ProjectParticipant: { types: ['TOOK_PART_IN'] },
  Documentation: { types: ['REPORTED_ON'] },
};
