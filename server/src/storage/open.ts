// Which store this instance uses: PostgreSQL when PENHOLDER_DATABASE_URL is set (several instances
// on one database), otherwise the embedded SQLite file in the data directory (one machine). The
// PostgreSQL client is loaded only when asked for, so a single-machine server never loads it.
import type { ServerConfig } from '../config.ts';
import { SqliteStore } from './sqliteStore.ts';
import type { Store } from './store.ts';

export async function openStore(config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>): Promise<Store> {
  if (config.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
      throw new Error('PENHOLDER_DATABASE_URL must be a postgres:// or postgresql:// URL (leave it unset for the embedded SQLite store)');
    }
    const { PostgresStore } = await import('./postgresStore.ts');
    return PostgresStore.connect(config.databaseUrl);
  }
  return new SqliteStore(config.dataDir);
}

/** Where the store keeps its data, for the start-up line (the URL without its password). */
export function describeStore(config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>): string {
  if (!config.databaseUrl) return `SQLite in ${config.dataDir}`;
  try {
    const url = new URL(config.databaseUrl);
    url.password = '';
    return `PostgreSQL at ${url.host}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}
