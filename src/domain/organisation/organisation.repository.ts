import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { Organisation } from './organisation.js';

export async function findOwnOrganisation(tx: Tx): Promise<Organisation | undefined> {
  // Row-level security leaves exactly the current organisation visible.
  return tx.selectFrom('organisation').select(['id', 'name', 'slug', 'mfaForEmployees']).executeTakeFirst();
}

export async function insertOrganisation(tx: Tx, org: Organisation): Promise<void> {
  await tx.insertInto('organisation').values(org).execute();
}

/** Held to the end of the transaction: one first-visit setup at a time. */
export async function lockInstallation(tx: Tx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(7453002)`.execute(tx);
}

export async function anyOrganisationExists(tx: Tx): Promise<boolean> {
  const { rows } = await sql<{ exists: boolean }>`SELECT app_any_organisation_exists() AS exists`.execute(tx);
  return rows[0]?.exists === true;
}

export async function organisationIdBySlug(tx: Tx, slug: string): Promise<string | undefined> {
  const { rows } = await sql<{ id: string | null }>`SELECT app_organisation_id_by_slug(${slug}) AS id`.execute(tx);
  return rows[0]?.id ?? undefined;
}

export async function updateOrganisationSettings(tx: Tx, values: { mfaForEmployees: boolean; suppressionThreshold: number }) {
  await tx.updateTable('organisation').set(values).execute();
}
