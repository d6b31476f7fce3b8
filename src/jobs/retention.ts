import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { EvidenceStore } from '../domain/evidence/evidence-store.js';
import { runRetention } from '../domain/retention/run-retention.js';
import { amsterdamToday } from '../time/amsterdam.js';
import type { Worker } from './outbox-mailer.js';
import { periodic } from './periodic.js';

const DAY = 24 * 3_600_000;

/**
 * The daily retention run (docs/retention.md), every organisation at today's date: the same as
 * `weerbaar retention run`. Two servers may both run it: each organisation is taken by one at a
 * time (an advisory lock), and a second run the same day finds nothing left to do.
 */
export function startRetentionJob(db: Db, store: EvidenceStore, logger: Logger, intervalMs = DAY, firstAfterMs = 10 * 60_000): Worker {
  return periodic(
    logger,
    'retention run',
    async () => {
      const results = await runRetention(db, store, { asOf: amsterdamToday(), dryRun: false });
      // Counts only: the log never names what was deleted (the audit trail does, by id).
      const deleted = results.reduce((n, r) => n + r.deleted.length, 0);
      const flagged = results.reduce((n, r) => n + r.flagged.length, 0);
      if (deleted > 0 || flagged > 0) logger.info({ deleted, flagged, organisations: results.length }, 'retention run done');
    },
    intervalMs,
    firstAfterMs,
  );
}
