import type { Logger } from 'pino';
import { withoutOrganisation, type Db } from '../db/database.js';
import {
  enterDeadlineOrganisation,
  markOverdue,
  markReminded,
  takeDueDeadlines,
  watchedDeadline,
} from '../domain/deadline/deadline.repository.js';
import { notify } from '../domain/notification/notify.js';
import type { Worker } from './outbox-mailer.js';

/** What a reminder points at: the incident, or for the organisation's own duties the deadline itself. */
const about = (d: { id: string; incidentId: string | null }) => ({ incidentId: d.incidentId ?? undefined, deadlineId: d.id });

export interface DeadlineRound {
  reminded: number;
  overdue: number;
}

/**
 * One round of the deadline watcher at moment `now`: reminds owners of duties coming due,
 * marks passed ones overdue and tells the owners. Rows are locked (SKIP LOCKED) until this
 * transaction commits, and each row records what was sent, so every reminder goes out once
 * however many servers run the watcher.
 */
export async function runDeadlineRound(db: Db, now: Date, batch = 100): Promise<DeadlineRound> {
  return withoutOrganisation(db, async (tx) => {
    const due = await takeDueDeadlines(tx, now, batch);
    const result = { reminded: 0, overdue: 0 };
    for (const { organisationId, id } of due) {
      await enterDeadlineOrganisation(tx, organisationId);
      const d = await watchedDeadline(tx, id);
      if (d.dueAt <= now) {
        await markOverdue(tx, d.id, now, d.reminderSentAt);
        await notify(tx, d.organisationId, d.ownerIds, d.incidentId ? 'deadline_overdue' : 'task_overdue', about(d));
        result.overdue++;
      } else {
        await markReminded(tx, d.id, now);
        await notify(tx, d.organisationId, d.ownerIds, d.incidentId ? 'deadline_reminder' : 'task_reminder', about(d));
        result.reminded++;
      }
    }
    return result;
  });
}

/** Runs the watcher every interval until stopped. The clock is injectable for tests. */
export function startDeadlineWatcher(db: Db, logger: Logger, intervalMs = 30_000, clock: () => Date = () => new Date()): Worker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      try {
        let round;
        do round = await runDeadlineRound(db, clock());
        while (round.reminded + round.overdue > 0 && !stopped);
      } catch (error) {
        logger.warn({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'deadline round failed');
      }
      if (!stopped) timer = setTimeout(tick, intervalMs);
    })();
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
