import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import { deadlinesOfOwner } from '../deadline/deadline.repository.js';
import type { Deadline } from '../deadline/deadline.js';

/**
 * A person's deadlines as a private iCalendar feed (issue 10 §1). The address holds a secret
 * (only its hash is kept, as for sessions); whoever has it reads when duties fall due, never
 * what they are about: titles name the kind of duty, not the incident, the person or the place.
 */

export interface CalendarFeedState {
  active: boolean;
  createdAt: Date | null;
  lastFetchedAt: Date | null;
}

export async function calendarFeedState(tx: Tx, who: SignedIn): Promise<CalendarFeedState> {
  const row = await tx
    .selectFrom('calendarFeed')
    .select(['createdAt', 'lastFetchedAt'])
    .where('userId', '=', who.user.id)
    .executeTakeFirst();
  return { active: row !== undefined, createdAt: row?.createdAt ?? null, lastFetchedAt: row?.lastFetchedAt ?? null };
}

/** A new secret address (an earlier one stops working). Returns the secret, shown once. */
export async function renewCalendarFeed(tx: Tx, who: SignedIn): Promise<string> {
  const token = generateToken('wbcal');
  await tx.deleteFrom('calendarFeed').where('userId', '=', who.user.id).execute();
  await tx
    .insertInto('calendarFeed')
    .values({ organisationId: who.organisation.id, userId: who.user.id, tokenHash: hashToken(token) })
    .execute();
  await audit(tx, actor(who), { action: 'calendar.renew', objectType: 'calendar_feed', objectId: who.user.id });
  return token;
}

/** The address stops working. */
export async function revokeCalendarFeed(tx: Tx, who: SignedIn): Promise<void> {
  const removed = await tx.deleteFrom('calendarFeed').where('userId', '=', who.user.id).executeTakeFirst();
  if (Number(removed.numDeletedRows) > 0)
    await audit(tx, actor(who), { action: 'calendar.revoke', objectType: 'calendar_feed', objectId: who.user.id });
}

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

/** Whose feed a secret opens (an active person), across organisations: ids only. */
export async function findCalendarFeed(tx: Tx, token: string): Promise<{ organisationId: string; userId: string } | undefined> {
  const { rows } = await sql<{ organisationId: string; userId: string }>`
    SELECT organisation_id, user_id FROM app_find_calendar_feed(${hashToken(token)})`.execute(tx);
  return rows[0];
}

/** The open duties of the feed's person (inside their organisation), and the time it was read. */
export async function feedDeadlines(tx: Tx, userId: string): Promise<Deadline[]> {
  await tx.updateTable('calendarFeed').set({ lastFetchedAt: new Date() }).where('userId', '=', userId).execute();
  return (await deadlinesOfOwner(tx, userId)).filter((d) => d.state === 'open' || d.state === 'overdue');
}
