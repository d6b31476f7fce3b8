import type { Tx } from '../../db/database.js';
import type { Contact } from './contacts.js';

/** The fields an administrator sets on a contact. */
export type ContactFields = Omit<Contact, 'id'>;

export async function listContactRows(tx: Tx, includeInactive: boolean): Promise<Contact[]> {
  let query = tx
    .selectFrom('contact')
    .select(['id', 'position', 'name', 'description', 'phone', 'phoneOutOfHours', 'url', 'available', 'active']);
  if (!includeInactive) query = query.where('active', '=', true);
  return query.orderBy('position').orderBy('name').execute();
}

export async function findContact(tx: Tx, id: string): Promise<Contact | undefined> {
  return tx
    .selectFrom('contact')
    .select(['id', 'position', 'name', 'description', 'phone', 'phoneOutOfHours', 'url', 'available', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function contactExists(tx: Tx, id: string): Promise<boolean> {
  return (await tx.selectFrom('contact').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function insertContacts(tx: Tx, organisationId: string, contacts: readonly ContactFields[]): Promise<string[]> {
  if (contacts.length === 0) return [];
  const rows = await tx
    .insertInto('contact')
    .values(contacts.map((c) => ({ organisationId, ...c })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Whether the contact was there to change. */
export async function updateContactRow(tx: Tx, id: string, fields: ContactFields): Promise<boolean> {
  const result = await tx.updateTable('contact').set(fields).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
