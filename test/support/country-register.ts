/**
 * Test data for issue 20: a second source, a "country register", that lists the case's Panama
 * again under its official name (same ISO code), and the pieces tests add to it: a maritime
 * registry based in that Panama, a Hong Kong. Imported beside the seeded case, it gives two
 * records of one country from different sources.
 */
export const REGISTER = 'src:test-country-register';
export const REGISTER_PANAMA = 'country:register-pa';
export const REGISTRY = 'org:test-panama-registry';

export const registerSource = {
  id: REGISTER,
  title: 'A country register',
  publisher: 'Test',
  date: '2024-05',
  kind: 'register',
};

export const registerPanama = {
  type: 'Country',
  id: REGISTER_PANAMA,
  name: 'Republic of Panama',
  aliases: ['Panama'],
  properties: { iso2: 'PA' },
  sources: [REGISTER],
};

export const registry = {
  type: 'Organisation',
  id: REGISTRY,
  name: 'Panama Maritime Registry (test)',
  aliases: [],
  properties: { kind: 'government' },
  sources: [REGISTER],
};

export const registryBasedInPanama = {
  id: 'fact:test-registry-based-in-panama',
  type: 'BASED_IN',
  from: REGISTRY,
  to: REGISTER_PANAMA,
  claim: 'The registry has its seat in the Republic of Panama.',
  status: 'reported',
  confidence: 0.9,
  sources: [REGISTER],
};

/** The register as an import document holding `entities` and `facts`. */
export function countryRegister<E, F>(entities: E[], facts: F[] = []) {
  return {
    case: {
      id: 'case:country-register',
      title: 'Country register (test)',
      summary: 'Countries as a register lists them.',
    },
    sources: [registerSource],
    entities,
    facts,
  };
}
