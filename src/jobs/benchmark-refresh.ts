import type { Logger } from 'pino';
import { withoutOrganisation, type Db } from '../db/database.js';
import { refreshAllFigures } from '../domain/insight/benchmark-figures.js';
import type { Worker } from './outbox-mailer.js';

const DAY = 24 * 3_600_000;

/**
 * One round of the benchmark count at moment `now`: every participating organisation's counts
 * of this year and the four before, through app_refresh_benchmark (which alone reads across
 * organisations, and writes counts only). Returns the rows written.
 */
export function runBenchmarkRefresh(db: Db, now: Date): Promise<number> {
  return withoutOrganisation(db, (tx) => refreshAllFigures(tx, now));
}

/**
 * Counts soon after start and then once a day. Several workers may run it: the count takes a
 * lock for its transaction, so one waits for the other and writes the same rows again.
 */
export function startBenchmarkRefresher(
  db: Db,
  logger: Logger,
  intervalMs = DAY,
  clock: () => Date = () => new Date(),
  firstAfterMs = 60_000,
): Worker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      try {
        const started = performance.now();
        const rows = await runBenchmarkRefresh(db, clock());
        logger.info({ rows, ms: Math.round(performance.now() - started) }, 'benchmark figures counted');
      } catch (error) {
        logger.warn({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'benchmark count failed');
      }
      if (!stopped) timer = setTimeout(tick, intervalMs);
    })();
  };
  timer = setTimeout(tick, firstAfterMs);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
