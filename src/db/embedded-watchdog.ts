import type { Logger } from 'pino';
import { periodic } from '../jobs/periodic.js';
import type { Worker } from '../jobs/outbox-mailer.js';
import type { EmbeddedServer } from './embedded.js';

/** How often serve looks whether its embedded PostgreSQL is still there. */
export const WATCH_INTERVAL_MS = 2_000;

/**
 * Keeps the embedded PostgreSQL of `weerbaar serve` running: a postmaster that died (killed,
 * out of memory) is started again on the same data directory and port, so the connection pool
 * reconnects by itself. In between, requests answer 503 with Retry-After (db/unavailable.ts).
 * A start that fails (old backends still holding shared memory) is logged and tried again at
 * the next look.
 */
export function watchEmbedded(server: EmbeddedServer, logger: Logger, intervalMs = WATCH_INTERVAL_MS): Worker | undefined {
  const own = server.own;
  if (!own) return undefined;
  return periodic(
    logger,
    'restart of the embedded database',
    async () => {
      if (await own.isRunning()) return;
      logger.warn('the embedded database has stopped; starting it again');
      const started = performance.now();
      await own.restart();
      logger.info({ ms: Math.round(performance.now() - started) }, 'the embedded database runs again');
    },
    intervalMs,
    intervalMs,
  );
}
