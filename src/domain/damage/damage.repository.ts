import type { Tx } from '../../db/database.js';

export interface DamageRow {
  id: string;
  kind: 'material' | 'immaterial';
  description: string;
  amountCents: number;
  reimbursedOn: string | null;
  claimedOn: string | null;
  paidOn: string | null;
  paidCents: number | null;
  writtenOffOn: string | null;
}

export type DamageFields = Omit<DamageRow, 'id'>;

export async function damageOf(tx: Tx, incidentId: string): Promise<DamageRow[]> {
  return tx
    .selectFrom('damageItem')
    .select(['id', 'kind', 'description', 'amountCents', 'reimbursedOn', 'claimedOn', 'paidOn', 'paidCents', 'writtenOffOn'])
    .where('incidentId', '=', incidentId)
    .orderBy('createdAt')
    .execute();
}

export async function insertDamage(
  tx: Tx,
  item: DamageFields & { organisationId: string; incidentId: string; createdBy: string },
): Promise<string> {
  return (await tx.insertInto('damageItem').values(item).returning('id').executeTakeFirstOrThrow()).id;
}

/** The incident a damage item belongs to, if the item exists. */
export async function incidentOfDamage(tx: Tx, id: string): Promise<string | undefined> {
  return (await tx.selectFrom('damageItem').select('incidentId').where('id', '=', id).executeTakeFirst())?.incidentId;
}

export async function updateDamageItem(tx: Tx, id: string, fields: DamageFields): Promise<void> {
  await tx.updateTable('damageItem').set(fields).where('id', '=', id).execute();
}
