import { randomBytes } from 'node:crypto';
import { enterOrganisation, type Tx } from '../../db/database.js';
import {
  codeInvalid,
  codeUsed,
  conflict,
  currentPasswordWrong,
  invalidField,
  passwordAttemptsExceeded,
  signInFailed,
} from '../../errors.js';
import { generateRecoveryCodes, looksLikeRecoveryCode, useRecoveryCode } from '../account/recovery-codes.js';
import { audit } from '../audit/audit.js';
import { findOwnOrganisation } from '../organisation/organisation.repository.js';
import { requiresSecondFactor } from '../user/roles.js';
import { claimTotpStep, findUser, findUserCredentials, registerFailedSignIn, updateUser } from '../user/user.repository.js';
import type { PasswordChange } from '../user/user.schema.js';
import { revokeAllApiTokens } from './api-token.js';
import { hashPassword, verifyPassword } from './password.js';
import { isGuessablePassword } from './password-strength.js';
import type { SignedIn } from './session.js';
import {
  completeSession,
  DEFAULT_SESSION_MAX_HOURS,
  deleteOtherSessions,
  deleteSession,
  insertSession,
  lookupUserByEmail,
} from './session.repository.js';
import { generateToken, hashToken } from './tokens.js';
import { generateTotpSecret, verifyTotp } from './totp.js';

export interface StartedSession {
  /** The cookie value; only its hash is stored. */
  token: string;
  stage: 'second_factor' | 'complete';
}

const actorOf = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

/**
 * Step one: e-mail and password. Five failures in a row lock the account for 15 minutes.
 * Runs in a transaction that belongs to no organisation yet: the address says which one it
 * enters. A failure throws `signInFailed`, whose writes (the count, the audit row) are kept.
 * The session ends after `sessionMaxHours` however much it is used.
 */
export async function signIn(
  tx: Tx,
  input: { email: string; password: string; originIp: string | null; sessionMaxHours?: number; userAgent?: string },
): Promise<StartedSession> {
  const found = await lookupUserByEmail(tx, input.email.trim().toLowerCase());
  if (!found) {
    // The same work as for a wrong password, so the answer time does not tell the two apart.
    await verifyPassword(null, input.password);
    await audit(tx, { organisationId: null, userId: null, originIp: input.originIp }, { action: 'sign_in', result: 'failure' });
    throw signInFailed();
  }
  await enterOrganisation(tx, found.organisationId);
  const actor = { organisationId: found.organisationId, userId: found.userId, originIp: input.originIp };
  const credentials = await findUserCredentials(tx, found.userId);
  const locked = credentials?.lockedUntil != null && credentials.lockedUntil > new Date();
  const passwordOk = await verifyPassword(credentials?.passwordHash ?? null, input.password);
  if (!credentials || !credentials.active || locked || !passwordOk) {
    if (credentials && !locked) await registerFailedSignIn(tx, found.userId);
    await audit(tx, actor, { action: 'sign_in', objectType: 'user', objectId: found.userId, result: 'failure' });
    throw signInFailed();
  }
  await updateUser(tx, found.userId, { failedSignIns: 0, lockedUntil: null });
  const user = (await findUser(tx, found.userId))!;
  const org = (await findOwnOrganisation(tx))!;
  const stage = requiresSecondFactor(user.roles, org.mfaForEmployees) ? 'second_factor' : 'complete';
  const token = generateToken('wbs');
  await insertSession(
    tx,
    {
      organisationId: found.organisationId,
      userId: found.userId,
      tokenHash: hashToken(token),
      csrfToken: randomBytes(24).toString('base64url'),
      stage,
      userAgent: input.userAgent ?? null,
      originIp: input.originIp,
    },
    input.sessionMaxHours ?? DEFAULT_SESSION_MAX_HOURS,
  );
  await audit(tx, actor, { action: stage === 'complete' ? 'sign_in' : 'sign_in.password', objectType: 'user', objectId: found.userId });
  return { token, stage };
}

/**
 * Step two for an enrolled person: the code from the authenticator app, accepted once (a code
 * of a time step already used is refused). A wrong or used code counts towards the lockout.
 */
export async function verifySecondFactor(tx: Tx, who: SignedIn, code: string): Promise<void> {
  const credentials = await findUserCredentials(tx, who.user.id);
  const locked = credentials?.lockedUntil != null && credentials.lockedUntil > new Date();
  // A recovery code (letters and digits, not six digits) instead of the app's code: each once.
  if (looksLikeRecoveryCode(code)) {
    const used = credentials?.totpEnabledAt != null && !locked && (await useRecoveryCode(tx, who.user.id, code));
    if (!used) {
      if (credentials && !locked) await registerFailedSignIn(tx, who.user.id);
      await audit(tx, actorOf(who), { action: 'sign_in.recovery_code', objectType: 'user', objectId: who.user.id, result: 'failure' });
      throw codeInvalid();
    }
    await updateUser(tx, who.user.id, { failedSignIns: 0, lockedUntil: null });
    await completeSession(tx, who.sessionId!);
    await audit(tx, actorOf(who), { action: 'sign_in.recovery_code', objectType: 'user', objectId: who.user.id });
    return;
  }
  const step = credentials?.totpSecret && credentials.totpEnabledAt && !locked ? verifyTotp(credentials.totpSecret, code) : null;
  const fresh = step !== null && (await claimTotpStep(tx, who.user.id, step));
  if (!fresh) {
    if (credentials && !locked) await registerFailedSignIn(tx, who.user.id);
    await audit(tx, actorOf(who), { action: 'sign_in.second_factor', objectType: 'user', objectId: who.user.id, result: 'failure' });
    throw step === null ? codeInvalid() : codeUsed();
  }
  await updateUser(tx, who.user.id, { failedSignIns: 0, lockedUntil: null });
  await completeSession(tx, who.sessionId!);
  await audit(tx, actorOf(who), { action: 'sign_in', objectType: 'user', objectId: who.user.id });
}

/** Starts (or resumes) enrolment: a new secret, not active until a code confirms it. */
export async function beginEnrolment(tx: Tx, who: SignedIn): Promise<string> {
  const credentials = await findUserCredentials(tx, who.user.id);
  if (credentials?.totpSecret && !credentials.totpEnabledAt) return credentials.totpSecret;
  if (credentials?.totpEnabledAt) throw conflict('already_enrolled', 'error.already_enrolled');
  const secret = generateTotpSecret();
  await updateUser(tx, who.user.id, { totpSecret: secret });
  return secret;
}

/**
 * Confirms enrolment with a first code, which is then used up like any other; the session is
 * then complete. Returns ten recovery codes, to be shown once.
 */
export async function confirmEnrolment(tx: Tx, who: SignedIn, code: string): Promise<string[]> {
  const credentials = await findUserCredentials(tx, who.user.id);
  const step = credentials?.totpSecret && !credentials.totpEnabledAt ? verifyTotp(credentials.totpSecret, code) : null;
  if (step === null) throw codeInvalid();
  if (!(await claimTotpStep(tx, who.user.id, step))) throw codeUsed();
  await updateUser(tx, who.user.id, { totpEnabledAt: new Date() });
  if (who.sessionId) await completeSession(tx, who.sessionId);
  await audit(tx, actorOf(who), { action: 'user.enrol_second_factor', objectType: 'user', objectId: who.user.id });
  return generateRecoveryCodes(tx, actorOf(who), who.user.id);
}

/**
 * Sets a new password; the current one is asked unless an administrator just reset it. A wrong
 * current password counts towards the sign-in lockout (five in a row lock the account for 15
 * minutes, during which no current password is checked at all), so a session left open is no
 * way to guess it. The person's other sessions and API tokens end: whoever knew the old password
 * is signed out, and a token made with it stops working.
 */
export async function changePassword(tx: Tx, who: SignedIn, input: PasswordChange): Promise<void> {
  const credentials = await findUserCredentials(tx, who.user.id);
  if (!credentials) throw invalidField('current', 'error.current_password_wrong');
  if (!credentials.mustChangePassword) {
    const failure = { action: 'user.change_password', objectType: 'user', objectId: who.user.id, result: 'failure' } as const;
    if (credentials.lockedUntil != null && credentials.lockedUntil > new Date()) {
      await audit(tx, actorOf(who), failure);
      throw passwordAttemptsExceeded();
    }
    if (!(await verifyPassword(credentials.passwordHash, input.current ?? ''))) {
      await registerFailedSignIn(tx, who.user.id);
      await audit(tx, actorOf(who), failure);
      throw currentPasswordWrong();
    }
  }
  if (isGuessablePassword(input.password, [who.user.name, who.user.email, who.organisation.name, who.organisation.slug])) {
    throw invalidField('password', 'auth.password_guessable');
  }
  await updateUser(tx, who.user.id, {
    passwordHash: await hashPassword(input.password),
    mustChangePassword: false,
    failedSignIns: 0,
    lockedUntil: null,
  });
  await deleteOtherSessions(tx, who.user.id, who.sessionId);
  await revokeAllApiTokens(tx, actorOf(who), who.user.id);
  await audit(tx, actorOf(who), { action: 'user.change_password', objectType: 'user', objectId: who.user.id });
}

/** Ends the browser session (an API token has none to end). */
export async function signOut(tx: Tx, who: SignedIn): Promise<void> {
  if (!who.sessionId) return;
  await deleteSession(tx, who.sessionId);
  await audit(tx, actorOf(who), { action: 'sign_out', objectType: 'user', objectId: who.user.id });
}
