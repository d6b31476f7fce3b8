import type { Tx } from '../../db/database.js';
import { conflict, invalidField, notFound, refused } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { generateTemporaryPassword, hashPassword } from '../auth/password.js';
import { deleteSessionsOfUser } from '../auth/session.repository.js';
import { emailInUse, findUser, insertUser, replaceRoles, updateUser } from './user.repository.js';
import type { NewUser, UserChanges } from './user.schema.js';
import type { User } from './user.js';

type OrganisationActor = Actor & { organisationId: string };

export interface AddedUser {
  user: User;
  /** Set when no password was given: show it once to whoever hands it over. */
  temporaryPassword?: string;
}

/** Adds a person with roles (setup, command line, people page). */
export async function addUser(tx: Tx, actor: OrganisationActor, data: NewUser): Promise<AddedUser> {
  if (await emailInUse(tx, data.email)) throw conflict('email_taken', 'error.email_taken', 'email');
  if (data.managerId && !(await findUser(tx, data.managerId))) throw invalidField('managerId', 'error.user_unknown');
  const temporaryPassword = data.password === undefined ? generateTemporaryPassword() : undefined;
  const id = await insertUser(tx, {
    organisationId: actor.organisationId,
    email: data.email,
    name: data.name,
    passwordHash: await hashPassword(data.password ?? temporaryPassword!),
    mustChangePassword: temporaryPassword !== undefined,
  });
  if (data.managerId) await updateUser(tx, id, { managerId: data.managerId });
  await replaceRoles(tx, actor.organisationId, id, data.roles);
  await audit(tx, actor, { action: 'user.create', objectType: 'user', objectId: id });
  const user = await existing(tx, id);
  return temporaryPassword ? { user, temporaryPassword } : { user };
}

async function existing(tx: Tx, id: string): Promise<User> {
  const user = await findUser(tx, id);
  if (!user) throw notFound();
  return user;
}

/** Changes name, e-mail and roles. An administrator cannot take away their own admin role. */
export async function changeUser(tx: Tx, actor: OrganisationActor, id: string, data: UserChanges): Promise<User> {
  const user = await existing(tx, id);
  if (id === actor.userId && !data.roles.includes('admin')) throw refused('own_admin_role', 'error.own_admin_role', 'roles');
  if (data.email !== user.email && (await emailInUse(tx, data.email))) throw conflict('email_taken', 'error.email_taken', 'email');
  if (data.managerId && (data.managerId === id || !(await findUser(tx, data.managerId))))
    throw invalidField('managerId', 'error.user_unknown');
  await updateUser(tx, id, { name: data.name, email: data.email, ...(data.managerId !== undefined ? { managerId: data.managerId } : {}) });
  await replaceRoles(tx, actor.organisationId, id, data.roles);
  await audit(tx, actor, { action: 'user.update', objectType: 'user', objectId: id });
  return existing(tx, id);
}

/** Deactivating keeps the person and their history; they can no longer sign in. */
export async function setUserActive(tx: Tx, actor: OrganisationActor, id: string, active: boolean): Promise<User> {
  await existing(tx, id);
  if (id === actor.userId && !active) throw refused('own_account', 'error.deactivate_self');
  await updateUser(tx, id, { active, deactivatedAt: active ? null : new Date(), failedSignIns: 0, lockedUntil: null });
  if (!active) await deleteSessionsOfUser(tx, id);
  await audit(tx, actor, { action: active ? 'user.reactivate' : 'user.deactivate', objectType: 'user', objectId: id });
  return existing(tx, id);
}

/** Sets a new temporary password (shown once), ends the person's sessions and lifts a lockout. */
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
  await audit(tx, actor, { action: 'user.reset_password', objectType: 'user', objectId: id });
  return temporaryPassword;
}

/** Removes the authenticator (lost phone); the person enrols again at next sign-in. */
export async function resetSecondFactor(tx: Tx, actor: OrganisationActor, id: string): Promise<void> {
  await existing(tx, id);
  await updateUser(tx, id, { totpSecret: null, totpEnabledAt: null });
  await deleteSessionsOfUser(tx, id);
  await audit(tx, actor, { action: 'user.reset_second_factor', objectType: 'user', objectId: id });
}

/** A person's record as read by someone else; the read itself is audited. */
export async function readUser(tx: Tx, actor: OrganisationActor, id: string): Promise<User> {
  const user = await existing(tx, id);
  await audit(tx, actor, { action: 'user.read', objectType: 'user', objectId: id });
  return user;
}
