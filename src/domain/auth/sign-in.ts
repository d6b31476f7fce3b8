import { randomBytes } from 'node:crypto';
import { withOrganisation, withoutOrganisation, type Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { audit } from '../audit/audit.js';
import { findOwnOrganisation } from '../organisation/organisation.repository.js';
import { requiresSecondFactor } from '../user/roles.js';
import { findUser, findUserCredentials, registerFailedSignIn, updateUser } from '../user/user.repository.js';
import { hashPassword, verifyPassword } from './password.js';
import { completeSession, deleteSession, insertSession, lookupUserByEmail } from './session.repository.js';
import { generateToken, hashToken } from './tokens.js';
import { generateTotpSecret, verifyTotp } from './totp.js';
import { passwordSchema } from '../user/user.schema.js';
import { parse } from '../../validation.js';
import type { SignedIn } from './session.js';

/** The same answer for an unknown address, a wrong password, a locked or inactive account. */
const signInFailed = () => new AppError(401, 'sign_in_failed', 'error.sign_in_failed');

export interface StartedSession {
  /** The cookie value; only its hash is stored. */
  token: string;
  stage: 'second_factor' | 'complete';
}

/** Step one: e-mail and password. Five failures in a row lock the account for 15 minutes. */
export async function signIn(db: Db, input: { email: string; password: string; originIp: string | null }): Promise<StartedSession> {
  const email = input.email.trim().toLowerCase();
  const found = await withoutOrganisation(db, (tx) => lookupUserByEmail(tx, email));
  if (!found) {
    await verifyPassword(null, input.password);
    await withoutOrganisation(db, (tx) =>
      audit(tx, { organisationId: null, userId: null, originIp: input.originIp }, { action: 'sign_in', result: 'failure' }),
    );
    throw signInFailed();
  }
  const outcome = await withOrganisation(db, found.organisationId, async (tx) => {
    const actor = { organisationId: found.organisationId, userId: found.userId, originIp: input.originIp };
    const credentials = await findUserCredentials(tx, found.userId);
    const locked = credentials?.lockedUntil != null && credentials.lockedUntil > new Date();
    const passwordOk = await verifyPassword(credentials?.passwordHash ?? null, input.password);
    if (!credentials || !credentials.active || locked || !passwordOk) {
      if (credentials && !locked) await registerFailedSignIn(tx, found.userId);
      await audit(tx, actor, { action: 'sign_in', objectType: 'user', objectId: found.userId, result: 'failure' });
      return undefined;
    }
    await updateUser(tx, found.userId, { failedSignIns: 0, lockedUntil: null });
    const user = (await findUser(tx, found.userId))!;
    const org = (await findOwnOrganisation(tx))!;
    const stage = requiresSecondFactor(user.roles, org.mfaForEmployees) ? 'second_factor' : 'complete';
    const token = generateToken('wbs');
    await insertSession(tx, {
      organisationId: found.organisationId,
      userId: found.userId,
      tokenHash: hashToken(token),
      csrfToken: randomBytes(24).toString('base64url'),
      stage,
    });
    await audit(tx, actor, { action: stage === 'complete' ? 'sign_in' : 'sign_in.password', objectType: 'user', objectId: found.userId });
    return { token, stage } as const;
  });
  if (!outcome) throw signInFailed();
  return outcome;
}

/** Step two for an enrolled person: the code from the authenticator app. */
export async function verifySecondFactor(db: Db, who: SignedIn, code: string): Promise<void> {
  const ok = await withOrganisation(db, who.organisation.id, async (tx) => {
    const credentials = await findUserCredentials(tx, who.user.id);
    const actor = { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp };
    const locked = credentials?.lockedUntil != null && credentials.lockedUntil > new Date();
    if (!credentials?.totpSecret || !credentials.totpEnabledAt || locked || !verifyTotp(credentials.totpSecret, code)) {
      if (credentials && !locked) await registerFailedSignIn(tx, who.user.id);
      await audit(tx, actor, { action: 'sign_in.second_factor', objectType: 'user', objectId: who.user.id, result: 'failure' });
      return false;
    }
    await updateUser(tx, who.user.id, { failedSignIns: 0, lockedUntil: null });
    await completeSession(tx, who.sessionId!);
    await audit(tx, actor, { action: 'sign_in', objectType: 'user', objectId: who.user.id });
    return true;
  });
  if (!ok) throw new AppError(400, 'code_invalid', 'error.totp_invalid', { code: 'error.totp_invalid' });
}

/** Starts (or restarts) enrolment: a new secret, not yet active until a code confirms it. */
export function beginEnrolment(db: Db, who: SignedIn): Promise<string> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const credentials = await findUserCredentials(tx, who.user.id);
    if (credentials?.totpSecret && !credentials.totpEnabledAt) return credentials.totpSecret;
    if (credentials?.totpEnabledAt) throw new AppError(409, 'already_enrolled', 'error.already_enrolled');
    const secret = generateTotpSecret();
    await updateUser(tx, who.user.id, { totpSecret: secret });
    return secret;
  });
}

/** Confirms enrolment with a first code; the session is then complete. */
export async function confirmEnrolment(db: Db, who: SignedIn, code: string): Promise<void> {
  const ok = await withOrganisation(db, who.organisation.id, async (tx) => {
    const credentials = await findUserCredentials(tx, who.user.id);
    if (!credentials?.totpSecret || credentials.totpEnabledAt || !verifyTotp(credentials.totpSecret, code)) return false;
    await updateUser(tx, who.user.id, { totpEnabledAt: new Date() });
    if (who.sessionId) await completeSession(tx, who.sessionId);
    await audit(tx, { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp }, {
      action: 'user.enrol_second_factor', objectType: 'user', objectId: who.user.id,
    });
    return true;
  });
  if (!ok) throw new AppError(400, 'code_invalid', 'error.totp_invalid', { code: 'error.totp_invalid' });
}

/** Sets a new password; the current one is asked unless an administrator just reset it. */
export async function changePassword(db: Db, who: SignedIn, input: { current?: string; password: string; confirmation: string }) {
  const password = parse(passwordSchema, input.password);
  if (password !== input.confirmation) {
    throw new AppError(400, 'validation_failed', 'error.password_mismatch', { confirmation: 'error.password_mismatch' });
  }
  const ok = await withOrganisation(db, who.organisation.id, async (tx) => {
    const credentials = await findUserCredentials(tx, who.user.id);
    if (!credentials) return false;
    if (!credentials.mustChangePassword && !(await verifyPassword(credentials.passwordHash, input.current ?? ''))) return false;
    await updateUser(tx, who.user.id, { passwordHash: await hashPassword(password), mustChangePassword: false });
    await audit(tx, { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp }, {
      action: 'user.change_password', objectType: 'user', objectId: who.user.id,
    });
    return true;
  });
  if (!ok) throw new AppError(400, 'validation_failed', 'error.current_password_wrong', { current: 'error.current_password_wrong' });
}

export async function signOut(db: Db, who: SignedIn): Promise<void> {
  if (!who.sessionId) return;
  await withOrganisation(db, who.organisation.id, async (tx) => {
    await deleteSession(tx, who.sessionId!);
    await audit(tx, { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp }, {
      action: 'sign_out', objectType: 'user', objectId: who.user.id,
    });
  });
}
