/**
 * The administration page's calls: users and the audit log. (Imports: import-api.ts.)
 */
import type { AuditPage, Role, UserList, UserSummary } from '../../../server/auth/auth-contract.js';
import { request, withQuery } from '../api.js';

/** The audit filters as the page sends them (times as the server reads them). */
export interface AuditFilter {
  username?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
}

export const adminApi = {
  async users(): Promise<UserSummary[]> {
    return (await request<UserList>('/api/admin/users')).users;
  },
  createUser: (input: { username: string; role: Role; password: string }) =>
    request<UserSummary>('/api/admin/users', { method: 'POST', body: input }),
  updateUser: (username: string, change: { role?: Role; disabled?: boolean; password?: string }) =>
    request<UserSummary>(`/api/admin/users/${encodeURIComponent(username)}`, {
      method: 'PATCH',
      body: change,
    }),
  audit: (filter: AuditFilter, page: { limit: number; cursor?: string }) =>
    request<AuditPage>(withQuery('/api/admin/audit', { ...filter, limit: page.limit, cursor: page.cursor })),
  /** The address of a download of every event the filter selects. */
  auditExportUrl: (filter: AuditFilter, format: 'jsonl' | 'csv') =>
    withQuery('/api/admin/audit/export', { ...filter, format }),
};

const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A first password, from the browser's cryptographic random source: 24 characters without look-
 * alikes (no 0/O, 1/l/I), about 140 bits. Shown once; the user changes it at will.
 */
export function generatePassword(length = 24): string {
  const out: string[] = [];
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 56).
  const limit = 256 - (256 % PASSWORD_ALPHABET.length);
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) out.push(PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length]!);
    }
  }
  return out.join('');
}
