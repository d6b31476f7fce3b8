import type { Tx } from '../../db/database.js';
import { conflict, invalidField, notFound, refused } from '../../errors.js';
import { awaitsPassword, sendInvitation } from '../account/account-token.js';
import { deleteRecoveryCodes } from '../account/recovery-codes.js';
import { audit, type Actor } from '../audit/audit.js';
import { generateTemporaryPassword, hashPassword } from '../auth/password.js';
import { revokeAllApiTokens } from '../auth/api-token.js';
import { deleteSessionsOfUser } from '../auth/session.repository.js';
import { grantAccessToAllReported } from '../incident/incident.repository.js';
import { notify } from '../notification/notify.js';
import { ALWAYS_INFORMED_ROLES } from '../routing/routing.js';
import { changesCaseHandling, ROLE_CHANGE_WATCHERS, type Role } from './roles.js';
import { emailInUse, findUser, insertUser, listUsers, replaceRoles, updateUser } from './user.repository.js';
import type { NewUser, UserChanges } from './user.schema.js';
import type { User } from './user.js';

type OrganisationActor = Actor & { organisationId: string };

export interface AddedUser {
  user: User;
  /** Set when no password was given: show it once to whoever hands it over. */
  temporaryPassword?: string;
}

/**
 * Adds a person with roles (setup, command line, people page). With `invite` (the people page)
 * the person gets no password at all but an e-mail with a link to choose one; otherwise, when
 * no password is given, a temporary one is made (the command line shows it once).
 */
export async function addUser(tx: Tx, actor: OrganisationActor, data: NewUser, options: { invite?: boolean } = {}): Promise<AddedUser> {
  if (await emailInUse(tx, data.email)) throw conflict('email_taken', 'error.email_taken', 'email');
  if (data.managerId && !(await findUser(tx, data.managerId))) throw invalidField('managerId', 'error.user_unknown');
  const invite = options.invite === true && data.password === undefined;
  const temporaryPassword = data.password === undefined && !invite ? generateTemporaryPassword() : undefined;
  const id = await insertUser(tx, {
    organisationId: actor.organisationId,
    email: data.email,
    name: data.name,
    passwordHash: invite ? null : await hashPassword(data.password ?? temporaryPassword!),
    mustChangePassword: temporaryPassword !== undefined,
  });
  if (data.managerId) await updateUser(tx, id, { managerId: data.managerId });
  await replaceRoles(tx, actor.organisationId, id, data.roles);
  // A new security adviser is informed of every incident, also of those reported before they came.
  if (data.roles.some((r) => (ALWAYS_INFORMED_ROLES as readonly Role[]).includes(r)))
    await grantAccessToAllReported(tx, actor.organisationId, id, actor.userId);
  await audit(tx, actor, { action: 'user.create', objectType: 'user', objectId: id });
  const user = await existing(tx, id);
  if (invite) await sendInvitation(tx, actor, user);
  return temporaryPassword ? { user, temporaryPassword } : { user };
}

async function existing(tx: Tx, id: string): Promise<User> {
  const user = await findUser(tx, id);
  if (!user) throw notFound();
  return user;
}

/**
 * Changes name, e-mail and roles. Nobody changes their own roles: an administrator who could
 * would give themselves a case role and read what it shows. A change to a case-handling role
 * is told to the other administrators (and, when that role exists, the privacy officer), and
 * someone who newly holds a role informed of every incident gets the incidents reported so far.
 */
export async function changeUser(tx: Tx, actor: OrganisationActor, id: string, data: UserChanges): Promise<User> {
  const user = await existing(tx, id);
  const sameRoles = (a: readonly Role[], b: readonly Role[]) => a.length === b.length && a.every((r) => b.includes(r));
  const rolesChange = !sameRoles([...new Set(data.roles)], user.roles);
  if (id === actor.userId && rolesChange) throw refused('own_roles', 'error.own_roles', 'roles');
  if (data.email !== user.email && (await emailInUse(tx, data.email))) throw conflict('email_taken', 'error.email_taken', 'email');
  if (data.managerId && (data.managerId === id || !(await findUser(tx, data.managerId))))
    throw invalidField('managerId', 'error.user_unknown');
  await updateUser(tx, id, { name: data.name, email: data.email, ...(data.managerId !== undefined ? { managerId: data.managerId } : {}) });
  await replaceRoles(tx, actor.organisationId, id, data.roles);
  await audit(tx, actor, { action: 'user.update', objectType: 'user', objectId: id });
  if (rolesChange) await afterRoleChange(tx, actor, user, data.roles);
  return existing(tx, id);
}

async function afterRoleChange(tx: Tx, actor: OrganisationActor, before: User, after: readonly Role[]): Promise<void> {
  const gained = (roles: readonly Role[]) => roles.some((r) => after.includes(r) && !before.roles.includes(r));
  if (gained(ALWAYS_INFORMED_ROLES)) await grantAccessToAllReported(tx, actor.organisationId, before.id, actor.userId);
  if (!changesCaseHandling(before.roles, after)) return;
  const watchers = (await listUsers(tx))
    .filter((u) => u.active && u.id !== actor.userId && u.roles.some((r) => (ROLE_CHANGE_WATCHERS as readonly Role[]).includes(r)))
    .map((u) => u.id);
  await notify(tx, actor.organisationId, watchers, 'case_role_changed', { actorId: actor.userId });
}

/** Deactivating keeps the person and their history; they can no longer sign in. */
export async function setUserActive(tx: Tx, actor: OrganisationActor, id: string, active: boolean): Promise<User> {
  await existing(tx, id);
  if (id === actor.userId && !active) throw refused('own_account', 'error.deactivate_self');
  await updateUser(tx, id, { active, deactivatedAt: active ? null : new Date(), failedSignIns: 0, lockedUntil: null });
  if (!active) {
    // Sessions and tokens both end: reactivating the person later does not bring them back.
    await deleteSessionsOfUser(tx, id);
    await revokeAllApiTokens(tx, actor, id);
  }
  await audit(tx, actor, { action: active ? 'user.reactivate' : 'user.deactivate', objectType: 'user', objectId: id });
  return existing(tx, id);
}

/** Sets a new temporary password (shown once), ends the person's sessions and API tokens and lifts a lockout. */
export async function resetPassword(tx: Tx, actor: OrganisationActor, id: string): Promise<string> {
  await existing(tx, id);
  const temporaryPassword = generateTemporaryPassword();
  await updateUser(tx, id, {
    passwordHash: await hashPassword(temporaryPassword),
    mustChangePassword: true,
    failedSignIns: 0,
    lockedUntil: null,
  });
  await deleteSessionsOfUser(tx, id);
  await revokeAllApiTokens(tx, actor, id);
  await audit(tx, actor, { action: 'user.reset_password', objectType: 'user', objectId: id });
  return temporaryPassword;
}

/** Removes the authenticator (lost phone); the person enrols again at next sign-in. */
export async function resetSecondFactor(tx: Tx, actor: OrganisationActor, id: string): Promise<void> {
  await existing(tx, id);
  await updateUser(tx, id, { totpSecret: null, totpEnabledAt: null });
  await deleteRecoveryCodes(tx, id);
  await deleteSessionsOfUser(tx, id);
  await audit(tx, actor, { action: 'user.reset_second_factor', objectType: 'user', objectId: id });
}

/** A person's record as read by someone else; the read itself is audited. */
export async function readUser(tx: Tx, actor: OrganisationActor, id: string): Promise<User> {
  const user = await existing(tx, id);
  await audit(tx, actor, { action: 'user.read', objectType: 'user', objectId: id });
  return user;
}

/** Sends a person who has not chosen a password yet a new invitation; the earlier link stops working. */
export async function resendInvitation(tx: Tx, actor: OrganisationActor, id: string): Promise<void> {
  const user = await existing(tx, id);
  if (!user.active || !(await awaitsPassword(tx, id))) throw conflict('not_invited', 'people.invitation_not_open');
  await sendInvitation(tx, actor, user);
}

/**
 * Roles given by the organisation's identity provider (a groups claim, at every single sign-on):
 * the same consequences as a change on the people page — audited, a newly held always-informed
 * role gets the incidents so far, and a change to a case-handling role is told to the
 * administrators and the privacy officer. The actor is the sign-in (no person decided it).
 * Returns whether anything changed.
 */
export async function setRolesFromProvider(tx: Tx, actor: OrganisationActor, id: string, roles: readonly Role[]): Promise<boolean> {
  const user = await existing(tx, id);
  const unique = [...new Set(roles)];
  if (unique.length === user.roles.length && unique.every((r) => user.roles.includes(r))) return false;
  await replaceRoles(tx, actor.organisationId, id, unique);
  await audit(tx, actor, { action: 'user.roles_from_sso', objectType: 'user', objectId: id });
  await afterRoleChange(tx, actor, user, unique);
  return true;
}

/**
 * A person made at their first single sign-on (just-in-time creation, off unless the
 * organisation's SSO settings say so): no password of their own, linked to the provider's
 * subject, with the roles given.
 */
export async function addUserFromProvider(
  tx: Tx,
  actor: OrganisationActor,
  data: { email: string; name: string; roles: readonly Role[] },
): Promise<string> {
  if (await emailInUse(tx, data.email)) throw conflict('email_taken', 'error.email_taken', 'email');
  const id = await insertUser(tx, {
    organisationId: actor.organisationId,
    email: data.email,
    name: data.name,
    passwordHash: null,
    mustChangePassword: false,
  });
  await audit(tx, actor, { action: 'user.create', objectType: 'user', objectId: id });
  const before = await existing(tx, id);
  await replaceRoles(tx, actor.organisationId, id, data.roles);
  await afterRoleChange(tx, actor, before, data.roles);
  return id;
}
