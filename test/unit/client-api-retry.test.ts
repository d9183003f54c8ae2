/**
 * The client's side of idempotency keys (issue 17, point 4): every POST carries a key, and when
 * the network loses the answer the one retry sends the same key, so the server can answer what it
 * did the first time rather than create twice. `fetch` is stubbed: no server is involved.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request } from '../../client/src/api.js';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function headersOf(call: unknown[]): Record<string, string> {
  return (call[1] as RequestInit).headers as Record<string, string>;
}

describe('request (client)', () => {
  it('when a POST loses its answer, then it is sent once more with the same Idempotency-Key', async () => {
    const fetch = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(new Response(JSON.stringify({ id: 'uq:1' }), { status: 201 }));
    vi.stubGlobal('fetch', fetch);
    await expect(request('/api/queries', { method: 'POST', body: { title: 't' } })).resolves.toEqual({
      id: 'uq:1',
    });
    expect(fetch).toHaveBeenCalledTimes(2);
    const first = headersOf(fetch.mock.calls[0]!)['Idempotency-Key'];
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(headersOf(fetch.mock.calls[1]!)['Idempotency-Key']).toBe(first);
  });

  it('when two POSTs are made, then each has its own key', async () => {
    const fetch = vi.fn().mockImplementation(async () => new Response('{}', { status: 201 }));
    vi.stubGlobal('fetch', fetch);
    await request('/api/notes', { method: 'POST', body: {} });
    await request('/api/notes', { method: 'POST', body: {} });
    expect(headersOf(fetch.mock.calls[0]!)['Idempotency-Key']).not.toBe(
      headersOf(fetch.mock.calls[1]!)['Idempotency-Key'],
    );
  });

  it('when a GET fails on the network, then it is not retried and says so', async () => {
    const fetch = vi.fn().mockRejectedValue(new TypeError('Failed to fetch'));
    vi.stubGlobal('fetch', fetch);
    await expect(request('/api/model')).rejects.toBeInstanceOf(ApiError);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(headersOf(fetch.mock.calls[0]!)['Idempotency-Key']).toBeUndefined();
  });
});
