/**
 * Where the app store lives, as configuration names it: a SQLite file (the embedded default) or a
 * PostgreSQL database (when several app processes serve one graph).
 */
export type AppStoreDialect = 'sqlite' | 'postgres';

export type AppStoreLocation = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

/**
 * Reads `APP_STORE_URL` (`postgres://…`, `postgresql://…` or `sqlite:<path>`; unset means the
 * SQLite file `defaultFile`). Throws an Error saying what is expected on anything else.
 */
export function parseAppStoreUrl(url: string | undefined, defaultFile: string): AppStoreLocation {
  if (url === undefined) return { dialect: 'sqlite', file: defaultFile };
  if (/^postgres(ql)?:\/\/[^\s]+$/.test(url)) return { dialect: 'postgres', url };
  const sqlite = /^sqlite:(.+)$/.exec(url);
  if (sqlite && sqlite[1]!.trim() !== '') return { dialect: 'sqlite', file: sqlite[1]!.trim() };
  throw new Error('must be postgres://… or sqlite:<path>');
}

/** The location for logs: the file, or the PostgreSQL URL without its password. */
export function describeAppStore(location: AppStoreLocation): string {
  if (location.dialect === 'sqlite') return `SQLite ${location.file}`;
  try {
    const url = new URL(location.url);
    if (url.password) url.password = '***';
    return `PostgreSQL ${url.toString()}`;
  } catch {
    return 'PostgreSQL';
  }
}
