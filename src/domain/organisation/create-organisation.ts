import { randomUUID } from 'node:crypto';
import { enterOrganisation, type Tx } from '../../db/database.js';
import { conflict } from '../../errors.js';
import { seedContacts } from '../aftercare/contacts.js';
import { audit } from '../audit/audit.js';
import { addUser } from '../user/manage-users.js';
import type { NewOrganisation } from '../user/user.schema.js';
import type { Organisation } from './organisation.js';
import { anyOrganisationExists, insertOrganisation, lockInstallation, organisationIdBySlug } from './organisation.repository.js';

/**
 * Creates an organisation and enters it: from here on the transaction works in the new
 * organisation. Give it a transaction of no organisation (withoutOrganisation).
 */
export async function createOrganisation(tx: Tx, input: NewOrganisation, originIp: string | null = null): Promise<Organisation> {
  if (await organisationIdBySlug(tx, input.slug)) throw conflict('slug_taken', 'error.slug_taken', 'slug');
  const org: Organisation = { id: randomUUID(), name: input.name, slug: input.slug, mfaForEmployees: false };
  await enterOrganisation(tx, org.id);
  await insertOrganisation(tx, org);
  await seedContacts(tx, org.id);
  await audit(
    tx,
    { organisationId: org.id, userId: null, originIp },
    { action: 'organisation.create', objectType: 'organisation', objectId: org.id },
  );
  return org;
}

/**
 * The first-visit setup: the organisation and its first administrator, together, and only
 * while no organisation exists (a lock held to the end of the transaction stops two visitors racing).
 */
export async function setUpInstallation(
  tx: Tx,
  input: { organisation: NewOrganisation; admin: { name: string; email: string; password: string } },
  originIp: string | null,
): Promise<{ organisation: Organisation; adminId: string }> {
  await lockInstallation(tx);
  if (await anyOrganisationExists(tx)) throw conflict('already_set_up', 'error.already_set_up');
  const organisation = await createOrganisation(tx, input.organisation, originIp);
  const { user } = await addUser(tx, { organisationId: organisation.id, userId: null, originIp }, { ...input.admin, roles: ['admin'] });
  return { organisation, adminId: user.id };
}

/** Whether the first-visit setup is still open. */
export async function needsSetup(tx: Tx): Promise<boolean> {
  return !(await anyOrganisationExists(tx));
}
