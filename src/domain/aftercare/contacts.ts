import { z } from 'zod';
import { requiredText, wholeNumber } from '../../validation.js';
import type { Tx } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { aftercareAdminPolicy } from './aftercare.policy.js';
import { findContact, insertContacts, listContactRows, updateContactRow } from './contacts.repository.js';
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

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'error.text_too_long')
    .optional()
    .transform((v) => v || null);

export const contactSchema = z.object({
  name: requiredText(200, 'error.name_required', 'error.name_too_long'),
  description: z.string().trim().max(2000, 'error.text_too_long').default(''),
  phone: optional(50),
  phoneOutOfHours: optional(50),
  url: z
    .union([z.literal(''), z.url({ protocol: /^https?$/, error: 'error.url_invalid' })])
    .optional()
    .transform((v) => v || null),
  available: optional(100),
  position: wholeNumber('error.number', 0, 999).default(0),
  active: z.boolean().default(true),
});

export type ContactInput = z.output<typeof contactSchema>;

/** The contacts shown after reporting and in aftercare: the active ones (all, for administrators who ask). */
export function listContacts(tx: Tx, who: SignedIn, includeInactive = false): Promise<Contact[]> {
  return listContactRows(tx, includeInactive && aftercareAdminPolicy.abilitiesOf(who).includes('manage_contacts'));
}

/** One contact, for the administrators who edit it; 404 for anyone else. */
export async function getContact(tx: Tx, who: SignedIn, id: string): Promise<Contact> {
  requireRole(aftercareAdminPolicy, who, 'manage_contacts');
  const contact = await findContact(tx, id);
  if (!contact) throw notFound();
  return contact;
}

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

export async function createContact(tx: Tx, who: SignedIn, data: ContactInput): Promise<string> {
  requireRole(aftercareAdminPolicy, who, 'manage_contacts');
  const [id] = await insertContacts(tx, who.organisation.id, [data]);
  await audit(tx, actor(who), { action: 'contact.create', objectType: 'contact', objectId: id! });
  return id!;
}

export async function updateContact(tx: Tx, who: SignedIn, id: string, data: ContactInput): Promise<void> {
  requireRole(aftercareAdminPolicy, who, 'manage_contacts');
  if (!(await updateContactRow(tx, id, data))) throw notFound();
  await audit(tx, actor(who), { action: 'contact.update', objectType: 'contact', objectId: id });
}

/** A new organisation starts with the contacts from the source documents. */
export async function seedContacts(tx: Tx, organisationId: string): Promise<void> {
  await insertContacts(
    tx,
    organisationId,
    DEFAULT_CONTACTS.map((c, position) => ({
      position,
      name: c.name,
      description: c.description,
      phone: c.phone ?? null,
      phoneOutOfHours: c.phoneOutOfHours ?? null,
      url: c.url ?? null,
      available: c.available ?? null,
      active: true,
    })),
  );
}
