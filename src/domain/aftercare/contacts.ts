import { z } from 'zod';
import { withOrganisation, type Db, type Tx } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { parse, isUuid } from '../../validation.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { canPeople } from '../user/user.policy.js';
import { DEFAULT_CONTACTS } from './default-contacts.js';

/** External help an organisation offers (victim support, IVP, …): data, edited by administrators. */
export interface Contact {
  id: string;
  position: number;
  name: string;
  description: string;
  phone: string | null;
  phoneOutOfHours: string | null;
  url: string | null;
  available: string | null;
  active: boolean;
}

const optional = (max: number) => z.string().trim().max(max, 'error.text_too_long').optional().transform((v) => v || null);

export const contactSchema = z.object({
  name: z.string({ error: 'error.name_required' }).trim().min(1, 'error.name_required').max(200, 'error.name_too_long'),
  description: z.string().trim().max(2000, 'error.text_too_long').default(''),
  phone: optional(50),
  phoneOutOfHours: optional(50),
  url: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'error.url_invalid' })]).optional().transform((v) => v || null),
  available: optional(100),
  position: z.coerce.number().int().min(0).max(999).default(0),
  active: z.boolean().default(true),
});

export async function listContactsIn(tx: Tx, includeInactive = false): Promise<Contact[]> {
  let query = tx.selectFrom('contact').select(['id', 'position', 'name', 'description', 'phone', 'phoneOutOfHours', 'url', 'available', 'active']);
  if (!includeInactive) query = query.where('active', '=', true);
  return query.orderBy('position').orderBy('name').execute();
}

/** The active contacts, for everyone in the organisation (shown after reporting and in aftercare). */
export function listContacts(db: Db, who: SignedIn, includeInactive = false): Promise<Contact[]> {
  const all = includeInactive && canPeople(who.user.roles, 'organisation.settings');
  return withOrganisation(db, who.organisation.id, (tx) => listContactsIn(tx, all));
}

const requireAdmin = (who: SignedIn) => {
  if (!canPeople(who.user.roles, 'organisation.settings')) throw notFound();
};
const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

export function createContact(db: Db, who: SignedIn, input: unknown): Promise<string> {
  requireAdmin(who);
  const data = parse(contactSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const row = await tx.insertInto('contact').values({ organisationId: who.organisation.id, ...data }).returning('id').executeTakeFirstOrThrow();
    await audit(tx, actor(who), { action: 'contact.create', objectType: 'contact', objectId: row.id });
    return row.id;
  });
}

export function updateContact(db: Db, who: SignedIn, id: string, input: unknown): Promise<void> {
  requireAdmin(who);
  const data = parse(contactSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    if (!isUuid(id)) throw notFound();
    const result = await tx.updateTable('contact').set(data).where('id', '=', id).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound();
    await audit(tx, actor(who), { action: 'contact.update', objectType: 'contact', objectId: id });
  });
}

/** A new organisation starts with the contacts from the source documents. */
export async function seedContacts(tx: Tx, organisationId: string): Promise<void> {
  await tx
    .insertInto('contact')
    .values(DEFAULT_CONTACTS.map((c, position) => ({
      organisationId, position, name: c.name, description: c.description, phone: c.phone ?? null, phoneOutOfHours: c.phoneOutOfHours ?? null, url: c.url ?? null, available: c.available ?? null,
    })))
    .execute();
}
