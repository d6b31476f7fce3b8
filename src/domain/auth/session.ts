import { sql } from 'kysely';
import { withOrganisation, type Db, type Tx } from '../../db/database.js';
import type { Organisation } from '../organisation/organisation.js';
import { isRole } from '../user/roles.js';
import type { User } from '../user/user.js';
import { hashToken } from './tokens.js';
import { SESSION_IDLE_HOURS } from './session.repository.js';

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

/** What a request carries to say who it is. */
export type Credential = { kind: 'session'; token: string } | { kind: 'api_token'; token: string };

export interface Identified {
  who: SignedIn | undefined;
  /** An API token whose last use is over a minute old: touch it after the request (see touchApiToken). */
  staleApiTokenId?: string;
}

/**
 * Inside the request's own transaction: who holds this credential. One statement finds the
 * credential (a SECURITY DEFINER lookup across organisations, ids only) and enters its
 * organisation as the non-owning role; a second reads person, roles and organisation under
 * row-level security. Without a valid credential the transaction stays in no organisation.
 */
export async function identify(tx: Tx, credential: Credential | undefined, originIp: string | null): Promise<Identified> {
  const found = credential ? await enterByCredential(tx, credential) : undefined;
  if (!found) {
    await sql`SELECT set_config('role', 'weerbaar_app', true), set_config('app.organisation_id', '', true)`.execute(tx);
    return { who: undefined };
  }
  const row = await loadHolder(tx, credential!.kind, found.id);
  if (!row || !row.active) {
    await sql`SELECT set_config('app.organisation_id', '', true)`.execute(tx);
    return { who: undefined };
  }
  const user: User = {
    id: row.userId,
    organisationId: row.organisationId,
    email: row.email,
    name: row.name,
    roles: row.roles.filter(isRole),
    active: row.active,
    secondFactorEnrolled: row.totpEnabledAt !== null,
    mustChangePassword: row.mustChangePassword,
    createdAt: row.createdAt,
    deactivatedAt: row.deactivatedAt,
    managerId: row.managerId,
  };
  const organisation: Organisation = {
    id: row.organisationId,
    name: row.organisationName,
    slug: row.organisationSlug,
    mfaForEmployees: row.mfaForEmployees,
  };
  const stale = row.lastUsedAt === null || Date.now() - row.lastUsedAt.getTime() > 60_000;
  if (credential!.kind === 'api_token') {
    return { who: { user, organisation, stage: 'complete', originIp }, ...(stale ? { staleApiTokenId: found.id } : {}) };
  }
  // Sliding expiry, written at most once a minute: most requests only read the session. It is
  // never pushed past the session's absolute end (ends_at, fixed at sign-in).
  if (stale) {
    await tx
      .updateTable('session')
      .set({ lastSeenAt: sql`now()`, expiresAt: sql`least(now() + make_interval(hours => ${SESSION_IDLE_HOURS}), ends_at)` })
      .where('id', '=', found.id)
      .execute();
  }
  return {
    who: { user, organisation, sessionId: found.id, csrfToken: row.csrfToken ?? undefined, stage: row.stage ?? 'complete', originIp },
  };
}

async function enterByCredential(tx: Tx, credential: Credential): Promise<{ id: string } | undefined> {
  const hash = hashToken(credential.token);
  const { rows } =
    credential.kind === 'session'
      ? await sql<{
          id: string;
        }>`SELECT f.session_id AS id, set_config('role', 'weerbaar_app', true), set_config('app.organisation_id', f.organisation_id::text, true)
        FROM app_find_session(${hash}) f`.execute(tx)
      : await sql<{
          id: string;
        }>`SELECT f.token_id AS id, set_config('role', 'weerbaar_app', true), set_config('app.organisation_id', f.organisation_id::text, true)
        FROM app_find_api_token(${hash}) f`.execute(tx);
  return rows[0];
}

/** Person, roles and organisation behind a session or token, in one read under row-level security. */
async function loadHolder(tx: Tx, kind: Credential['kind'], id: string): Promise<HolderRow | undefined> {
  const credential =
    kind === 'session'
      ? sql`SELECT user_id, csrf_token, stage, last_seen_at AS last_used_at FROM session WHERE id = ${id} AND expires_at > now() AND ends_at > now()`
      : sql`SELECT user_id, NULL AS csrf_token, NULL AS stage, last_used_at FROM api_token WHERE id = ${id} AND revoked_at IS NULL AND expires_at > now()`;
  const { rows } = await sql<HolderRow>`
    SELECT u.id AS user_id, u.organisation_id, u.email, u.name, u.active, u.totp_enabled_at, u.must_change_password, u.created_at,
      u.deactivated_at, u.manager_id, o.name AS organisation_name, o.slug AS organisation_slug, o.mfa_for_employees,
      array(SELECT r.role FROM user_role r WHERE r.user_id = u.id ORDER BY r.role) AS roles, c.csrf_token, c.stage, c.last_used_at
    FROM (${credential}) c JOIN app_user u ON u.id = c.user_id JOIN organisation o ON o.id = u.organisation_id`.execute(tx);
  return rows[0];
}

interface HolderRow {
  userId: string;
  organisationId: string;
  email: string;
  name: string;
  active: boolean;
  totpEnabledAt: Date | null;
  mustChangePassword: boolean;
  createdAt: Date;
  deactivatedAt: Date | null;
  managerId: string | null;
  organisationName: string;
  organisationSlug: string;
  mfaForEmployees: boolean;
  roles: string[];
  csrfToken: string | null;
  stage: 'second_factor' | 'complete' | null;
  lastUsedAt: Date | null;
}

/**
 * Records that an API token was used, in a transaction of its own after the request: inside
 * the request's transaction the row lock would queue every concurrent call with that token.
 */
export async function touchApiToken(db: Db, organisationId: string, tokenId: string): Promise<void> {
  await withOrganisation(db, organisationId, (tx) =>
    tx
      .updateTable('apiToken')
      .set({ lastUsedAt: new Date() })
      .where('id', '=', tokenId)
      .where((eb) => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', sql<Date>`now() - interval '1 minute'`)]))
      .execute(),
  );
}
