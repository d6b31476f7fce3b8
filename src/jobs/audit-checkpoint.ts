import type { Logger } from 'pino';
import type { AuditAnchorConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { loadSigner, writeCheckpoints, type Signer } from '../domain/audit/checkpoint.js';
import type { Worker } from './outbox-mailer.js';

/**
 * Writes a signed checkpoint of every audit chain whose head moved, at start, every interval,
 * and once more on stop, so the trail's newest rows are anchored outside the database soon
 * after they are written. The clock is injectable for tests.
 */
export function startAuditCheckpointer(
  db: Db,
  anchor: AuditAnchorConfig,
  logger: Logger,
  intervalMs = anchor.intervalMinutes * 60_000,
  clock: () => Date = () => new Date(),
): Worker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let signer: Signer | undefined;
  const round = async () => {
    try {
      signer ??= await loadSigner(anchor, { create: true });
      const { written } = await writeCheckpoints(db, signer!, anchor.checkpointDir, clock());
      if (written.length > 0) logger.debug({ checkpoints: written.length }, 'audit checkpoints written');
    } catch (error) {
      // Names and codes only: a message could quote a path or a key problem in full.
      logger.warn({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'audit checkpoint failed');
    }
  };
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      await round();
      if (!stopped) timer = setTimeout(tick, intervalMs);
    })();
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await round();
    },
  };
}
