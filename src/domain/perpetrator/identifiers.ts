import type { MatchClues } from './perpetrator.js';

/**
 * Identifiers are kept in one canonical form, so "Jan@Voorbeeld.nl", "06-12345678" and
 * "Boze_Burger" are found again as "jan@voorbeeld.nl", "+31612345678" and "@boze_burger",
 * and the array indexes on perpetrator can answer "same address, number or account".
 */

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;
const PHONE_CHARS = /^\+?[\d\s\-().]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}

export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

/**
 * A phone number in international form: +31612345678. A Dutch number written nationally
 * (06-…, 010-…) gets +31; 00 becomes +. Undefined when it is not a phone number.
 */
export function normalizePhone(value: string): string | undefined {
  const trimmed = value.trim();
  if (!PHONE_CHARS.test(trimmed)) return undefined;
  // "+31 (0)6 …": the (0) is only for calling from within the country.
  let digits = trimmed.replace(/\(0\)/g, '').replace(/[^\d+]/g, '');
  if (digits.lastIndexOf('+') > 0) return undefined;
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  else if (digits.startsWith('0')) digits = `+31${digits.slice(1)}`;
  const count = digits.replace('+', '').length;
  if (count < 6 || count > 15) return undefined;
  return digits;
}

/** An account: a profile link as it is (lower case), a bare handle with one leading @. */
export function normalizeAccount(value: string): string {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === '' || /[/:]/.test(trimmed) || /\s/.test(trimmed)) return trimmed;
  return `@${trimmed.replace(/^@+/, '')}`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}

/** Sorts one loose identifier (an "account" field may hold an e-mail address or a number) into its kind. */
export function classify(value: string, clues: MatchClues): void {
  const trimmed = value.trim();
  if (trimmed === '') return;
  if (isEmail(trimmed)) clues.emails.push(normalizeEmail(trimmed));
  else {
    const phone = normalizePhone(trimmed);
    if (phone) clues.phones.push(phone);
    else clues.accounts.push(normalizeAccount(trimmed));
  }
}

/**
 * Identifiers found in free text (the "what else is known" of a report): e-mail addresses,
 * phone numbers, @handles and profile links. Names are not guessed from prose.
 */
export function cluesFromText(text: string | null | undefined, clues: MatchClues = emptyClues()): MatchClues {
  if (!text) return clues;
  for (const m of text.matchAll(/[^\s@<>()[\],;:"']+@[^\s@<>()[\],;:"']+\.[a-z]{2,}/gi)) clues.emails.push(normalizeEmail(m[0]));
  for (const m of text.matchAll(/https?:\/\/[^\s<>"')]+/gi)) clues.accounts.push(normalizeAccount(m[0].replace(/[.,;]+$/, '')));
  for (const m of text.matchAll(/(?:^|[\s(,;])@([a-z0-9_.]{2,50})/gi)) clues.accounts.push(normalizeAccount(m[1]!.replace(/\.+$/, '')));
  // Only what is written like a number to call (0…, 00…, +…), not dates or amounts.
  for (const m of text.matchAll(/(?:\+|\b)\d[\d\s\-().]{6,}\d/g)) {
    const phone = /^[+0]/.test(m[0]) ? normalizePhone(m[0]) : undefined;
    if (phone) clues.phones.push(phone);
  }
  return clues;
}

export function emptyClues(): MatchClues {
  return { names: [], emails: [], phones: [], accounts: [] };
}

/** The clues without repeats or empty values. */
export function tidyClues(clues: MatchClues): MatchClues {
  return {
    names: unique(clues.names.map((n) => n.trim())),
    emails: unique(clues.emails),
    phones: unique(clues.phones),
    accounts: unique(clues.accounts),
  };
}

export function hasClues(clues: MatchClues): boolean {
  return clues.names.length + clues.emails.length + clues.phones.length + clues.accounts.length > 0;
}
