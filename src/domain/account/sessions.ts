import type { Tx } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';

export interface SessionInfo {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  originIp: string | null;
  current: boolean;
}

const actorOf = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

/** "Firefox op Windows": browser and system from a user agent, or null when neither is known. */
export function summariseUserAgent(userAgent: string | null): { browser: string | null; system: string | null } {
  const ua = userAgent ?? '';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\//.test(ua)
      ? 'Opera'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrom(e|ium)\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : /curl\//.test(ua)
              ? 'curl'
              : null;
  const system = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /CrOS/.test(ua)
            ? 'ChromeOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : null;
  return { browser, system };
}

/** The person's own sessions that still work, newest first; the read is audited. */
export async function listOwnSessions(tx: Tx, who: SignedIn): Promise<SessionInfo[]> {
  const rows = await tx
    .selectFrom('session')
    .select(['id', 'createdAt', 'lastSeenAt', 'userAgent', 'originIp'])
    .where('userId', '=', who.user.id)
    .where('expiresAt', '>', new Date())
    .where('endsAt', '>', new Date())
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .execute();
  await audit(tx, actorOf(who), { action: 'session.list', objectType: 'user', objectId: who.user.id });
  return rows.map((r) => ({ ...r, current: r.id === who.sessionId }));
}

/** Ends one of the person's own sessions; another person's (or none) is 404. */
export async function endOwnSession(tx: Tx, who: SignedIn, sessionId: string): Promise<{ wasCurrent: boolean }> {
  const deleted = await tx
    .deleteFrom('session')
    .where('id', '=', sessionId)
    .where('userId', '=', who.user.id)
    .returning('id')
    .executeTakeFirst();
  if (!deleted) throw notFound();
  await audit(tx, actorOf(who), { action: 'session.revoke', objectType: 'session', objectId: sessionId });
  return { wasCurrent: sessionId === who.sessionId };
}

/** Ends every session of the person but this one; how many. */
export async function endOtherOwnSessions(tx: Tx, who: SignedIn): Promise<number> {
  let query = tx.deleteFrom('session').where('userId', '=', who.user.id);
  if (who.sessionId) query = query.where('id', '<>', who.sessionId);
  const result = await query.executeTakeFirst();
  await audit(tx, actorOf(who), { action: 'session.revoke_others', objectType: 'user', objectId: who.user.id });
  return Number(result.numDeletedRows);
}
