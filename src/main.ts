import pretty from 'pino-pretty';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { createDb, type Db } from './db/database.js';
import { startEmbedded, type EmbeddedServer } from './db/embedded.js';
import { watchEmbedded } from './db/embedded-watchdog.js';
import { migrateToLatest } from './db/migrate.js';
import { connectAsApp } from './db/app-login.js';
import { buildServer } from './http/server.js';
import path from 'node:path';
import { localEvidenceStore } from './domain/evidence/evidence-store.js';
import { startRetentionJob } from './jobs/retention.js';
import { smtpSender, startMailWorker, type Worker } from './jobs/outbox-mailer.js';
import { startDeadlineWatcher } from './jobs/deadline-watcher.js';
import { startInsightSummarizer } from './jobs/insight-summary.js';
import { startBenchmarkRefresher } from './jobs/benchmark-refresh.js';
import { startIdempotencyPurge } from './jobs/idempotency-purge.js';
import { startMailDigest } from './jobs/mail-digest.js';
import { startAuditCheckpointer } from './jobs/audit-checkpoint.js';

/**
 * Structured logs; callers log ids and route templates only, never names or addresses. JSON
 * for log collectors, or one readable line per entry on a terminal (pino-pretty).
 */
export function createLogger(
  config: Pick<Config, 'logLevel' | 'logFormat'>,
  out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Logger {
  const options = { level: config.logLevel, base: { service: 'weerbaar' } };
  const readable = config.logFormat === 'pretty' || (config.logFormat === 'auto' && out.isTTY === true);
  if (!readable) return pino(options, out);
  return pino(
    options,
    pretty({
      destination: out,
      colorize: out.isTTY === true,
      singleLine: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,service',
    }),
  );
}

export interface OpenDatabase {
  /** The program's pool: logged in as weerbaar_app, neither superuser nor owner. */
  db: Db;
  /**
   * The owner's pool, when asked for (keepOwner): for the few commands that must see every
   * organisation's rows as they are (audit verify, the demo's backdating).
   */
  owner: Db | undefined;
  /** Whether this is the embedded server (for messages only). */
  embedded: boolean;
  /** The embedded server, when this process uses one (for the watchdog of serve). */
  embeddedServer: EmbeddedServer | undefined;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL under the data directory.
 * Migrations run every time, as the owner: they are quick when there is nothing to do. The
 * program then logs in as weerbaar_app (db/app-login.ts); the owner's pool is closed unless
 * the caller keeps it.
 */
export async function openDatabase(config: Config, options: { shareRunning?: boolean; keepOwner?: boolean } = {}): Promise<OpenDatabase> {
  const embedded = config.databaseUrl ? undefined : await startEmbedded(config.dataDir, options);
  const ownerUrl = config.databaseUrl ?? embedded!.connectionString;
  const owner = createDb(ownerUrl, 2);
  let db: Db;
  try {
    await migrateToLatest(owner);
    db = await connectAsApp(owner, ownerUrl, {
      appUrl: config.databaseAppUrl,
      password: config.databaseAppPassword,
      secretFile: path.join(config.dataDir, 'database-app.secret'),
    });
  } catch (error) {
    await owner.destroy();
    await embedded?.stop();
    throw error;
  }
  if (!options.keepOwner) await owner.destroy();
  return {
    db,
    owner: options.keepOwner ? owner : undefined,
    embedded: embedded !== undefined,
    embeddedServer: embedded,
    async close() {
      await db.destroy();
      if (options.keepOwner) await owner.destroy();
      await embedded?.stop();
    },
  };
}

/** The background workers that `serve` runs beside the web server (and `worker` alone). */
export function startWorkers(config: Config, db: Db, logger: Logger): Worker[] {
  const workers = [
    startDeadlineWatcher(db, logger),
    startBenchmarkRefresher(db, logger),
    startInsightSummarizer(db, logger),
    startIdempotencyPurge(db, logger),
    startMailDigest(db, logger),
    startRetentionJob(db, localEvidenceStore(path.join(config.dataDir, 'evidence')), logger),
    startAuditCheckpointer(db, config.auditAnchor, logger),
  ];
  if (!config.smtpUrl) {
    logger.warn('SMTP_URL is not set: notification mails wait in the outbox until it is');
    return workers;
  }
  return [...workers, startMailWorker(db, smtpSender(config.smtpUrl, config.mailFrom), config.publicUrl, logger)];
}

/** `weerbaar worker`: only the background workers, for a separate process or server. */
export async function runWorkers(config: Config): Promise<void> {
  const logger = createLogger(config);
  // As in serve: a signal during start-up is remembered and handled once the database is up.
  let requested = false;
  let onSignal = () => void (requested = true);
  process.on('SIGINT', () => onSignal());
  process.on('SIGTERM', () => onSignal());
  const database = await openDatabase(config, { shareRunning: true });
  const workers = startWorkers(config, database.db, logger);
  const stop = async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await database.close();
    process.exit(0);
  };
  onSignal = () => void stop();
  if (requested) return stop();
  logger.info({ workers: workers.length }, 'workers running');
}

/** `weerbaar serve`: the web server until SIGINT/SIGTERM, then a clean stop of everything. */
export async function serve(config: Config): Promise<void> {
  const logger = createLogger(config);
  // Signals are caught from the start: one that arrives while the database is still starting
  // stops it once it is up, instead of killing us and leaving PostgreSQL running.
  let requested: string | undefined;
  let onSignal = (signal: string) => void (requested ??= signal);
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  const database = await openDatabase(config);
  let app: Awaited<ReturnType<typeof buildServer>> | undefined;
  let workers: Worker[] = [];
  // On the embedded database, serve starts it again if it dies (db/embedded-watchdog.ts).
  const watchdog = database.embeddedServer ? watchEmbedded(database.embeddedServer, logger) : undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    // First, so a server we are about to stop is not started again.
    await watchdog?.stop();
    await app?.close().catch(() => undefined);
    await Promise.all(workers.map((w) => w.stop()));
    await database.close().catch(() => undefined);
    logger.info('stopped');
    process.exit(0);
  };
  onSignal = (signal) => void stop(signal);
  if (requested) return stop(requested);

  try {
    app = await buildServer({
      db: database.db,
      logger,
      trustProxy: config.trustProxy,
      sessionMaxHours: config.sessionMaxHours,
      publicUrl: config.publicUrl,
      metricsToken: config.metricsToken,
      evidenceStore: localEvidenceStore(path.join(config.dataDir, 'evidence')),
    });
    workers = startWorkers(config, database.db, logger);
    // Fastify's own line on listening, in words a newcomer acts on: the address to open.
    await app.listen({
      port: config.port,
      host: config.host,
      listenTextResolver: () => `Weerbaar is running: open ${config.publicUrl} in a browser`,
    });
  } catch (error) {
    await watchdog?.stop();
    await database.close();
    throw error;
  }
}
