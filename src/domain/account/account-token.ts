import { sql } from 'kysely';
import { enterOrganisation, type Tx } from '../../db/database.js';
import { invalidField, notFound } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { revokeAllApiTokens } from '../auth/api-token.js';
import { hashPassword } from '../auth/password.js';
import { isGuessablePassword } from '../auth/password-strength.js';
import { deleteSessionsOfUser, lookupUserByEmail } from '../auth/session.repository.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import { BASE_URL_TOKEN } from '../notification/notify.js';
import { insertOutboxMails } from '../notification/notification.repository.js';
import { findOwnOrganisation } from '../organisation/organisation.repository.js';
import { findUser, findUserCredentials, updateUser } from '../user/user.repository.js';
import type { User } from '../user/user.js';

export type AccountTokenPurpose = 'password_reset' | 'invitation';

/** How long a link works: a reset link briefly (it is asked for now), an invitation a week. */
export const TOKEN_HOURS: Record<AccountTokenPurpose, number> = { password_reset: 1, invitation: 7 * 24 };

/** The path of the page a link opens; the token is the last segment. */
export const SET_PASSWORD_PATH = '/account/set-password';

// Mails name no incident and no other person; the link is the only secret in them.
const MAIL: Record<AccountTokenPurpose, { subject: string; body: (link: string, org: string) => string }> = {
  password_reset: {
    subject: 'Nieuw wachtwoord voor Weerbaar',
    body: (link) =>
      `U heeft gevraagd om een nieuw wachtwoord voor Weerbaar. Kies het via deze link, die één uur werkt en één keer te gebruiken is:\n\n${link}\n\nHeeft u dit niet gevraagd? Dan hoeft u niets te doen: uw wachtwoord blijft hetzelfde.\n— Weerbaar`,
  },
  invitation: {
    subject: 'Uitnodiging voor Weerbaar',
    body: (link, org) =>
      `U bent toegevoegd aan Weerbaar van ${org}, waar u agressie en geweld kunt melden. Kies uw wachtwoord via deze link, die zeven dagen werkt en één keer te gebruiken is:\n\n${link}\n\nDaarna meldt u zich aan; wie meldingen behandelt, stelt dan ook een tweede stap in met een app op de telefoon.\n— Weerbaar`,
  },
};

type OrganisationActor = Actor & { organisationId: string };

/**
 * Makes a new link for a person and queues its mail, in the caller's transaction: earlier
 * unused links of the same purpose stop working, so only the newest mail counts.
 */
async function issueToken(tx: Tx, actor: OrganisationActor, user: User, purpose: AccountTokenPurpose): Promise<void> {
  await tx
    .updateTable('accountToken')
    .set({ usedAt: sql`now()` })
    .where('userId', '=', user.id)
    .where('purpose', '=', purpose)
    .where('usedAt', 'is', null)
    .execute();
  const token = generateToken('wbr');
  await tx
    .insertInto('accountToken')
    .values({
      organisationId: actor.organisationId,
      userId: user.id,
      purpose,
      tokenHash: hashToken(token),
      expiresAt: sql<Date>`now() + make_interval(hours => ${TOKEN_HOURS[purpose]})` as unknown as Date,
    })
    .execute();
  const org = await findOwnOrganisation(tx);
  const mail = MAIL[purpose];
  await insertOutboxMails(tx, actor.organisationId, [
    {
      userId: user.id,
      toAddress: user.email,
      subject: mail.subject,
      body: mail.body(`${BASE_URL_TOKEN}${SET_PASSWORD_PATH}/${token}`, org?.name ?? ''),
    },
  ]);
}

/**
 * "Wachtwoord vergeten": runs in a transaction of no organisation, like sign-in. For a known,
 * active address a link is mailed; for any other the same answer follows and nothing is kept
 * but an audit row without a person, so the answer does not tell whether an address exists.
 */
export async function requestPasswordReset(tx: Tx, input: { email: string; originIp: string | null }): Promise<void> {
  const found = await lookupUserByEmail(tx, input.email.trim().toLowerCase());
  if (!found) {
    await audit(
      tx,
      { organisationId: null, userId: null, originIp: input.originIp },
      { action: 'user.request_password_reset', result: 'failure' },
    );
    return;
  }
  await enterOrganisation(tx, found.organisationId);
  const actor = { organisationId: found.organisationId, userId: found.userId, originIp: input.originIp };
  const user = await findUser(tx, found.userId);
  if (!user || !user.active) {
    await audit(tx, actor, { action: 'user.request_password_reset', objectType: 'user', objectId: found.userId, result: 'failure' });
    return;
  }
  await issueToken(tx, actor, user, 'password_reset');
  await audit(tx, actor, { action: 'user.request_password_reset', objectType: 'user', objectId: user.id });
}

/** Sends (or sends again) an invitation to a person who has no password yet. */
export async function sendInvitation(tx: Tx, actor: OrganisationActor, user: User): Promise<void> {
  await issueToken(tx, actor, user, 'invitation');
  await audit(tx, actor, { action: 'user.invite', objectType: 'user', objectId: user.id });
}

/** Whether a person has never set a password (an invitation is open). */
export async function awaitsPassword(tx: Tx, userId: string): Promise<boolean> {
  const credentials = await findUserCredentials(tx, userId);
  return credentials !== undefined && credentials.passwordHash === null;
}

export interface OpenedToken {
  id: string;
  purpose: AccountTokenPurpose;
  user: User;
  organisationName: string;
  organisationSlug: string;
}

/**
 * The usable link behind a token, entering its organisation; otherwise 404 (unknown, used,
 * expired, or its person deactivated: all the same to whoever holds it).
 */
export async function openAccountToken(tx: Tx, token: string): Promise<OpenedToken> {
  const { rows } = await sql<{ organisationId: string; tokenId: string }>`
    SELECT organisation_id, token_id FROM app_find_account_token(${hashToken(token)})`.execute(tx);
  const found = rows[0];
  if (!found) throw notFound();
  await enterOrganisation(tx, found.organisationId);
  const row = await tx.selectFrom('accountToken').selectAll().where('id', '=', found.tokenId).executeTakeFirst();
  const user = row ? await findUser(tx, row.userId) : undefined;
  const org = await findOwnOrganisation(tx);
  if (!row || !user || !user.active || !org) throw notFound();
  return { id: row.id, purpose: row.purpose, user, organisationName: org.name, organisationSlug: org.slug };
}

/**
 * Sets the password a link was sent for, once. As a reset by an administrator does, every
 * session and API token of the person ends and a lockout is lifted; every open link of the
 * person stops working.
 */
export async function setPasswordByToken(
  tx: Tx,
  input: { token: string; password: string; originIp: string | null },
): Promise<{ purpose: AccountTokenPurpose; user: User }> {
  const opened = await openAccountToken(tx, input.token);
  const { user } = opened;
  if (isGuessablePassword(input.password, [user.name, user.email, opened.organisationName, opened.organisationSlug])) {
    throw invalidField('password', 'auth.password_guessable');
  }
  // Claimed first: of two posts of the same link, only one finds it unused.
  const claimed = await tx
    .updateTable('accountToken')
    .set({ usedAt: sql`now()` })
    .where('id', '=', opened.id)
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  if (claimed.numUpdatedRows === 0n) throw notFound();
  await tx
    .updateTable('accountToken')
    .set({ usedAt: sql`now()` })
    .where('userId', '=', user.id)
    .where('usedAt', 'is', null)
    .execute();
  await updateUser(tx, user.id, {
    passwordHash: await hashPassword(input.password),
    mustChangePassword: false,
    failedSignIns: 0,
    lockedUntil: null,
  });
  const actor = { organisationId: user.organisationId, userId: user.id, originIp: input.originIp };
  await deleteSessionsOfUser(tx, user.id);
  await revokeAllApiTokens(tx, actor, user.id);
  await audit(tx, actor, {
    action: opened.purpose === 'invitation' ? 'user.accept_invitation' : 'user.reset_password_by_link',
    objectType: 'user',
    objectId: user.id,
  });
  return { purpose: opened.purpose, user };
}
