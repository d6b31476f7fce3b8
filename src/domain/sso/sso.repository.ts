import type { Tx } from '../../db/database.js';
import { isRole } from '../user/roles.js';
import type { RoleMap, SsoConfig } from './sso.js';

/** The organisation's single sign-on (the transaction is in that organisation). */
export async function findSsoConfig(tx: Tx): Promise<SsoConfig | undefined> {
  const row = await tx.selectFrom('ssoConfig').selectAll().executeTakeFirst();
  if (!row) return undefined;
  const roleMap: RoleMap = {};
  // The camel-case plugin renames the keys inside the JSON too (council_member → councilMember): back to roles.
  for (const [key, groups] of Object.entries(row.roleMap ?? {})) {
    const role = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (isRole(role) && Array.isArray(groups)) roleMap[role] = groups.filter((g): g is string => typeof g === 'string');
  }
  return {
    organisationId: row.organisationId,
    issuer: row.issuer,
    clientId: row.clientId,
    secret: row.clientSecretEncrypted
      ? { kind: 'stored', encrypted: row.clientSecretEncrypted }
      : row.clientSecretEnv
        ? { kind: 'env', name: row.clientSecretEnv }
        : { kind: 'none' },
    scopes: row.scopes,
    roleMode: row.roleMode,
    groupsClaim: row.groupsClaim,
    roleMap,
    jit: row.jit,
    updatedAt: row.updatedAt,
  };
}

export async function saveSsoConfig(
  tx: Tx,
  values: {
    organisationId: string;
    issuer: string;
    clientId: string;
    clientSecretEncrypted: string | null;
    clientSecretEnv: string | null;
    scopes: string;
    roleMode: 'weerbaar' | 'groups';
    groupsClaim: string;
    roleMap: RoleMap;
    jit: boolean;
  },
): Promise<void> {
  const row = { ...values, roleMap: JSON.stringify(values.roleMap), updatedAt: new Date() };
  await tx
    .insertInto('ssoConfig')
    .values(row)
    .onConflict((oc) => oc.column('organisationId').doUpdateSet(row))
    .execute();
}

export async function deleteSsoConfig(tx: Tx): Promise<boolean> {
  const result = await tx.deleteFrom('ssoConfig').executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The person with this subject of the provider, if linked. */
export async function findUserIdBySubject(tx: Tx, subject: string): Promise<string | undefined> {
  return (await tx.selectFrom('appUser').select('id').where('ssoSubject', '=', subject).executeTakeFirst())?.id;
}

/** The person with this address in the organisation, and whether (and to whom) they are linked. */
export async function findUserForLinking(tx: Tx, email: string): Promise<{ id: string; ssoSubject: string | null } | undefined> {
  return tx.selectFrom('appUser').select(['id', 'ssoSubject']).where('email', '=', email).executeTakeFirst();
}

export async function linkSubject(tx: Tx, userId: string, subject: string): Promise<void> {
  await tx.updateTable('appUser').set({ ssoSubject: subject }).where('id', '=', userId).execute();
}

export async function sessionIdToken(tx: Tx, sessionId: string): Promise<string | null> {
  return (await tx.selectFrom('session').select('ssoIdToken').where('id', '=', sessionId).executeTakeFirst())?.ssoIdToken ?? null;
}
