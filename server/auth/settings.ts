/**
 * The security settings the app runs with (from `config.ts`), with the defaults tests and
 * API-only uses get when they pass none.
 */
export interface SecuritySettings {
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Origins allowed to call the API from a browser page on another origin. */
  corsOrigins: readonly string[];
  loginRateLimitPerMinute: number;
}

export const DEFAULT_SECURITY: Readonly<SecuritySettings> = Object.freeze({
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
  corsOrigins: [],
  loginRateLimitPerMinute: 10,
});

/** The settings with defaults filled in, frozen. */
export function securitySettings(overrides: Partial<SecuritySettings> = {}): Readonly<SecuritySettings> {
  return Object.freeze({ ...DEFAULT_SECURITY, ...overrides });
}
