/**
 * What an audit event keeps (server/audit/audit-log.ts `completeEvent`, `capDetails`): details at
 * most 8 KB, parameter values shortened first, and no U+0000 (PostgreSQL text cannot hold it).
 */
import { describe, expect, it } from 'vitest';
import { capDetails, completeEvent, MAX_DETAILS_BYTES } from '../../server/audit/audit-log.js';

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('audit event details', () => {
  it('when details are small, then they are kept as they are', () => {
    const details = { rows: 3, truncated: false, parameters: { who: 'person:a', limit: 5 } };
    expect(capDetails(details)).toEqual(details);
  });

  it('when parameters are large, then their values are shortened and the keys kept, under 8 KB', () => {
    const capped = capDetails({ rows: 1, parameters: { big: 'x'.repeat(50_000), small: 2 } })!;
    expect(size(capped)).toBeLessThanOrEqual(MAX_DETAILS_BYTES);
    expect(capped).toMatchObject({ rows: 1, truncatedDetails: true, parameters: { small: 2 } });
    expect(String((capped.parameters as Record<string, unknown>).big)).toMatch(/…$/);
  });

  it('when even shortened parameters are too large, then only the small fields stay', () => {
    const parameters = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`p${i}`, 'y'.repeat(300)]));
    const capped = capDetails({ rows: 7, outcome: 'complete', parameters })!;
    expect(capped).toEqual({ rows: 7, outcome: 'complete', truncatedDetails: true });
  });

  it('when text holds U+0000 or numbers JSON cannot carry, then they are replaced', () => {
    const event = completeEvent({
      username: 'a\u0000b',
      action: 'console',
      target: 'RETURN "\u0000"',
      status: 200,
      ip: null,
      details: { parameters: { s: '\u0000', n: Number.NaN } },
    });
    expect(JSON.stringify(event)).not.toContain('\\u0000');
    expect(event.details).toEqual({ parameters: { s: '\uFFFD', n: null } });
  });

  it('when details are not an object, then none are kept', () => {
    expect(capDetails(undefined)).toBeNull();
    expect(capDetails([1, 2])).toBeNull();
    expect(capDetails('text')).toBeNull();
  });
});
