import { readFileSync } from 'node:fs';

export interface ContactData {
  name: string;
  description: string;
  phone?: string;
  phoneOutOfHours?: string;
  url?: string;
  available?: string;
}

/**
 * The help contacts from the source documents (seed 001 §5.3, seed 003), kept as data in
 * default-contacts.json: numbers change, and each organisation edits its own copy.
 */
export const DEFAULT_CONTACTS: ContactData[] = JSON.parse(
  readFileSync(new URL('../../../src/domain/aftercare/default-contacts.json', import.meta.url), 'utf8'),
) as ContactData[];
