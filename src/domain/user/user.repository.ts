import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { AppUserTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';
import { isRole, type Role } from './roles.js';
import type { User } from './user.js';

type UserRow = Selectable<AppUserTable>;

function toUser(row: UserRow, roles: Role[]): User {
  return {
    id: row.id,
    organisationId: row.organisationId,
    email: row.email,
    name: row.name,
    roles,
    active: row.active,
    secondFactorEnrolled: row.totpEnabledAt !== null,
    mustChangePassword: row.mustChangePassword,
    createdAt: row.createdAt,
    deactivatedAt: row.deactivatedAt,
    managerId: row.managerId,
  };
}

async function rolesFor(tx: Tx, userIds: string[]): Promise<Map<string, Role[]>> {
  const map = new Map<string, Role[]>();
  if (userIds.length === 0) return map;
  const rows = await tx.selectFrom('userRole').select(['userId', 'role']).where('userId', 'in', userIds).orderBy('role').execute();
  for (const row of rows) {
    if (!isRole(row.role)) continue;
    map.set(row.userId, [...(map.get(row.userId) ?? []), row.role]);
  }
  return map;
}

/** The user row with secrets, for sign-in only. */
export async function findUserCredentials(tx: Tx, id: string) {
  return tx.selectFrom('appUser').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUser(tx: Tx, id: string): Promise<User | undefined> {
  const row = await tx.selectFrom('appUser').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return toUser(row, (await rolesFor(tx, [row.id])).get(row.id) ?? []);
}

export async function listUsers(tx: Tx): Promise<User[]> {
  const rows = await tx.selectFrom('appUser').selectAll().orderBy('active', 'desc').orderBy('name').execute();
  const roles = await rolesFor(
    tx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toUser(r, roles.get(r.id) ?? []));
}

export async function insertUser(
  tx: Tx,
  values: { organisationId: string; email: string; name: string; passwordHash: string | null; mustChangePassword: boolean },
): Promise<string> {
  const row = await tx.insertInto('appUser').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function replaceRoles(tx: Tx, organisationId: string, userId: string, roles: readonly Role[]) {
  await tx.deleteFrom('userRole').where('userId', '=', userId).execute();
  if (roles.length > 0) {
    await tx
      .insertInto('userRole')
      .values(roles.map((role) => ({ organisationId, userId, role })))
      .execute();
  }
}

export async function updateUser(
  tx: Tx,
  id: string,
  values: Partial<
    Pick<UserRow, 'name' | 'email' | 'passwordHash' | 'mustChangePassword' | 'totpSecret' | 'active' | 'failedSignIns' | 'managerId'>
  > & {
    totpEnabledAt?: Date | null;
    lockedUntil?: Date | null;
    deactivatedAt?: Date | null;
  },
) {
  await tx.updateTable('appUser').set(values).where('id', '=', id).execute();
}

/** Counts a failed sign-in; from the fifth in a row the account is locked for 15 minutes. */
export async function registerFailedSignIn(tx: Tx, id: string): Promise<void> {
  await tx
    .updateTable('appUser')
    .set({
      failedSignIns: sql`failed_sign_ins + 1`,
      lockedUntil: sql`CASE WHEN failed_sign_ins + 1 >= 5 THEN now() + interval '15 minutes' ELSE locked_until END`,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Takes a second-factor code's time step as used: true when it is later than the last one
 * accepted. One conditional update, so two requests with the same code cannot both pass.
 */
export async function claimTotpStep(tx: Tx, id: string, step: number): Promise<boolean> {
  const row = await tx
    .updateTable('appUser')
    .set({ totpLastStep: String(step) })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', String(step))]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether an e-mail address is taken anywhere in the installation (it is the sign-in name). */
export async function emailInUse(tx: Tx, email: string): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM app_find_user_by_email(${email})`.execute(tx);
  return (rows[0]?.n ?? 0) > 0;
}

/** Ids of the people someone manages. */
export async function managedBy(tx: Tx, managerId: string): Promise<string[]> {
  return (await tx.selectFrom('appUser').select('id').where('managerId', '=', managerId).execute()).map((m) => m.id);
}

/** People of the organisation by e-mail address (the demo finds its invented people again). */
export async function findUsersByEmail(
  tx: Tx,
  emails: readonly string[],
): Promise<{ id: string; email: string; managerId: string | null; totpEnabledAt: Date | null }[]> {
  if (emails.length === 0) return [];
  return tx.selectFrom('appUser').select(['id', 'email', 'managerId', 'totpEnabledAt']).where('email', 'in', emails).execute();
}
