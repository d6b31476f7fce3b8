import { sql } from 'kysely';
import { withOrganisation, withoutOrganisation, type Db } from '../../db/database.js';
import { findOwnOrganisation } from '../organisation/organisation.repository.js';
import type { Organisation } from '../organisation/organisation.js';
import { findUser } from '../user/user.repository.js';
import type { User } from '../user/user.js';
import { findSession, lookupApiToken, lookupSession, touchSession } from './session.repository.js';
import { hashToken } from './tokens.js';

/** Who is making a request, established from a session cookie or an API token. */
export interface SignedIn {
  user: User;
  organisation: Organisation;
  /** Set for browser sessions, absent for API tokens. */
  sessionId?: string;
  csrfToken?: string;
  /** 'second_factor': only the second-factor pages are open until it is given. */
  stage: 'second_factor' | 'complete';
  originIp: string | null;
}

/** Resolves a session cookie to the person, or undefined when unknown, expired or inactive. */
export async function resolveSession(db: Db, token: string, originIp: string | null): Promise<SignedIn | undefined> {
  const found = await withoutOrganisation(db, (tx) => lookupSession(tx, hashToken(token)));
  if (!found) return undefined;
  return withOrganisation(db, found.organisationId, async (tx) => {
    const session = await findSession(tx, found.sessionId);
    if (!session) return undefined;
    const user = await findUser(tx, session.userId);
    const organisation = await findOwnOrganisation(tx);
    if (!user?.active || !organisation) return undefined;
    await touchSession(tx, session.id);
    return { user, organisation, sessionId: session.id, csrfToken: session.csrfToken, stage: session.stage, originIp };
  });
}

/** Resolves a personal API token (Authorization: Bearer …). */
export async function resolveApiToken(db: Db, token: string, originIp: string | null): Promise<SignedIn | undefined> {
  const found = await withoutOrganisation(db, (tx) => lookupApiToken(tx, hashToken(token)));
  if (!found) return undefined;
  return withOrganisation(db, found.organisationId, async (tx) => {
    const row = await tx.selectFrom('apiToken').select(['userId']).where('id', '=', found.tokenId).executeTakeFirst();
    if (!row) return undefined;
    const user = await findUser(tx, row.userId);
    const organisation = await findOwnOrganisation(tx);
    if (!user?.active || !organisation) return undefined;
    // Written at most once a minute, like sessions: a write per API call would cost a disk sync each.
    await tx.updateTable('apiToken').set({ lastUsedAt: new Date() }).where('id', '=', found.tokenId)
      .where((eb) => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', sql<Date>`now() - interval '1 minute'`)])).execute();
    return { user, organisation, stage: 'complete' as const, originIp };
  });
}
