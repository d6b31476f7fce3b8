import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { createDb, type Db } from './db/database.js';
import { startEmbedded } from './db/embedded.js';
import { migrateToLatest } from './db/migrate.js';
import { buildServer } from './http/server.js';

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  // Structured JSON; callers log ids and route templates only, never names or addresses.
  return pino({ level: config.logLevel, base: { service: 'weerbaar' } });
}

export interface OpenDatabase {
  db: Db;
  /** Whether this is the embedded server (for messages only). */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL under the data directory.
 * Migrations run every time: they are quick when there is nothing to do.
 */
export async function openDatabase(config: Config, options: { shareRunning?: boolean } = {}): Promise<OpenDatabase> {
  const embedded = config.databaseUrl ? undefined : await startEmbedded(config.dataDir, options);
  const db = createDb(config.databaseUrl ?? embedded!.connectionString);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    db,
    embedded: embedded !== undefined,
    async close() {
      await db.destroy();
      await embedded?.stop();
    },
  };
}

/** `weerbaar serve`: the web server until SIGINT/SIGTERM, then a clean stop of everything. */
export async function serve(config: Config): Promise<void> {
  const logger = createLogger(config);
  const database = await openDatabase(config);
  const app = await buildServer({ db: database.db, logger, trustProxy: config.trustProxy });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await app.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  try {
    const address = await app.listen({ port: config.port, host: config.host });
    logger.info({ address, embeddedDatabase: database.embedded }, 'listening');
  } catch (error) {
    await database.close();
    throw error;
  }
}
