import type { Logger } from 'pino';
import { withoutOrganisation, type Db } from '../db/database.js';
import { purgeExpiredKeys } from '../domain/idempotency/idempotency.repository.js';
import type { Worker } from './outbox-mailer.js';
import { periodic } from './periodic.js';

const HOUR = 3_600_000;

/** One round: deletes the Idempotency-Keys older than 24 hours, in every organisation. Safe on several servers at once. */
export function runIdempotencyPurge(db: Db): Promise<number> {
  return withoutOrganisation(db, (tx) => purgeExpiredKeys(tx));
}

/** Purges expired keys soon after start and then every hour (an expired key is ignored meanwhile, see takeKey). */
export function startIdempotencyPurge(db: Db, logger: Logger, intervalMs = HOUR, firstAfterMs = 60_000): Worker {
  return periodic(
    logger,
    'idempotency key purge',
    async () => {
      const purged = await runIdempotencyPurge(db);
      if (purged > 0) logger.info({ purged }, 'expired idempotency keys deleted');
    },
    intervalMs,
    firstAfterMs,
  );
}
