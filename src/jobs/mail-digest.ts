import type { Logger } from 'pino';
import { withoutOrganisation, type Db } from '../db/database.js';
import { enterDeadlineOrganisation } from '../domain/deadline/deadline.repository.js';
import { digestFacts, insertOutboxMails, markDigestSent, takeDueDigests } from '../domain/notification/notification.repository.js';
import { digestMail } from '../domain/notification/notify.js';
import { amsterdamInstant, amsterdamToday } from '../time/amsterdam.js';
import type { Worker } from './outbox-mailer.js';
import { periodic } from './periodic.js';

/** The digest goes out from seven in the morning, Amsterdam time: at the start of a working day. */
export const DIGEST_TIME = '07:00';

/** The moment today's digest is due; before it, yesterday's. */
export function digestMoment(now: Date): Date {
  const today = amsterdamInstant(amsterdamToday(now), DIGEST_TIME)!;
  return today <= now ? today : new Date(today.getTime() - 86_400_000);
}

/**
 * One round at `now`: each person who chose the daily digest and has not had today's gets one
 * mail with how much waits — only when something arrived since the last one, so old unread
 * items do not bring a mail every morning. Rows are locked, so each digest goes out once.
 */
export async function runDigestRound(db: Db, now: Date, batch = 100): Promise<{ due: number; sent: number }> {
  return withoutOrganisation(db, async (tx) => {
    let sent = 0;
    const due = await takeDueDigests(tx, digestMoment(now), batch);
    for (const { organisationId, id } of due) {
      await enterDeadlineOrganisation(tx, organisationId);
      const facts = await digestFacts(tx, id);
      if (facts.fresh > 0) {
        await insertOutboxMails(tx, organisationId, [{ userId: id, toAddress: facts.email, ...digestMail(facts.unread) }]);
        sent++;
      }
      await markDigestSent(tx, id, now);
    }
    return { due: due.length, sent };
  });
}

/** Looks for digests due every quarter of an hour. */
export function startMailDigest(db: Db, logger: Logger, intervalMs = 15 * 60_000, firstAfterMs = 30_000): Worker {
  return periodic(
    logger,
    'mail digest',
    async () => {
      let round;
      do {
        round = await runDigestRound(db, new Date());
        if (round.sent > 0) logger.info({ sent: round.sent }, 'mail digests queued');
      } while (round.due > 0);
    },
    intervalMs,
    firstAfterMs,
  );
}
