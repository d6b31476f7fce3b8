import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { withOrganisation, withoutOrganisation, type Db, type Tx } from '../../db/database.js';
import { conflict, validationFailed } from '../../errors.js';
import { parse } from '../../validation.js';
import { audit } from '../audit/audit.js';
import { seedContacts } from '../aftercare/contacts.js';
import { addUserInTransaction } from '../user/manage-users.js';
import { newUserSchema, organisationSchema, type NewOrganisation, type NewUser } from '../user/user.schema.js';
import { insertOrganisation, organisationIdBySlug, anyOrganisationExists } from './organisation.repository.js';
import type { Organisation } from './organisation.js';

/** Creates an organisation (CLI). The slug is its short name in commands and URLs. */
export async function createOrganisation(db: Db, input: NewOrganisation, originIp: string | null = null): Promise<Organisation> {
  const data = parse(organisationSchema, input);
  const org: Organisation = { id: randomUUID(), name: data.name, slug: data.slug, mfaForEmployees: false };
  return withOrganisation(db, org.id, async (tx) => {
    if (await organisationIdBySlug(tx, org.slug)) throw conflict('slug_taken', 'error.slug_taken', 'slug');
    await insertOrganisation(tx, org);
    await seedContacts(tx, org.id);
    await audit(tx, { organisationId: org.id, userId: null, originIp }, { action: 'organisation.create', objectType: 'organisation', objectId: org.id });
    return org;
  });
}

/**
 * The first-visit setup: the organisation and its first administrator, in one transaction,
 * and only while no organisation exists (an advisory lock stops two visitors racing).
 */
export async function setUpInstallation(
  db: Db,
  input: { organisation: NewOrganisation; admin: NewUser & { password: string } },
  originIp: string | null,
): Promise<{ organisation: Organisation; adminId: string }> {
  // Both parts are checked before answering, so the form shows every mistake at once.
  const orgResult = organisationSchema.safeParse(input.organisation);
  const adminResult = newUserSchema.required({ password: true }).safeParse({ ...input.admin, roles: ['admin'] });
  if (!orgResult.success || !adminResult.success) {
    const fields: Record<string, string> = {};
    for (const [prefix, result] of [['organisation', orgResult], ['admin', adminResult]] as const) {
      for (const issue of result.error?.issues ?? []) fields[`${prefix}.${issue.path.join('.')}`] ??= issue.message;
    }
    throw validationFailed(fields);
  }
  const orgData = orgResult.data;
  const adminData = adminResult.data;
  const org: Organisation = { id: randomUUID(), name: orgData.name, slug: orgData.slug, mfaForEmployees: false };
  return withOrganisation(db, org.id, async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(7453002)`.execute(tx);
    if (await anyOrganisationExists(tx)) throw conflict('already_set_up', 'error.already_set_up');
    await insertOrganisation(tx, org);
    await seedContacts(tx, org.id);
    const actor = { organisationId: org.id, userId: null, originIp };
    await audit(tx, actor, { action: 'organisation.create', objectType: 'organisation', objectId: org.id });
    const { user } = await addUserInTransaction(tx, actor, adminData);
    return { organisation: org, adminId: user.id };
  });
}

/** Whether the first-visit setup is still open. */
export async function needsSetup(tx: Tx): Promise<boolean> {
  return !(await anyOrganisationExists(tx));
}
