import { z } from 'zod';
import { validationFailed } from './errors.js';
import { isMessageKey, type MessageKey } from './http/i18n/index.js';

/**
 * What is wrong, per field (dotted path), as message keys: schema messages are message keys
 * (see http/i18n); any other message, such as zod's own, is said as "invalid".
 */
export function issueFields(error: z.ZodError): Record<string, MessageKey> {
  const fields: Record<string, MessageKey> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= isMessageKey(issue.message) ? issue.message : 'error.invalid';
  }
  return fields;
}

/** Parses input with a schema or throws a 400 naming each bad field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  rejectForbiddenCharacters(input);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationFailed(issueFields(result.error));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path or form value is an id at all; anything else is answered as not found. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

// C0 and C1 control characters other than tab, line feed and carriage return: nothing a person
// types, and PostgreSQL refuses NUL in text (the request would end in a 500).
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Half of a surrogate pair, without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a text holds a control character or half of a surrogate pair, which no field accepts. */
export function hasForbiddenCharacter(text: string): boolean {
  return CONTROL_CHARACTER.test(text) || LONE_SURROGATE.test(text);
}

/**
 * The fields of a request (body, query, form) whose text holds a forbidden character, by
 * dotted path like zod's; checked before any schema, so that no route can forget a field.
 * Names (keys) are checked too: they can end up in JSON columns.
 */
export function forbiddenCharacterFields(input: unknown): Record<string, MessageKey> {
  const fields: Record<string, MessageKey> = {};
  const visit = (value: unknown, path: string[]) => {
    if (typeof value === 'string') {
      if (hasForbiddenCharacter(value)) fields[path.join('.') || '_'] ??= 'error.text_control_characters';
      return;
    }
    // Deeper than any schema reads: nothing there is used.
    if (value === null || typeof value !== 'object' || path.length > 16) return;
    for (const [key, item] of Object.entries(value)) {
      if (hasForbiddenCharacter(key)) fields[path.join('.') || '_'] ??= 'error.text_control_characters';
      else visit(item, [...path, key]);
    }
  };
  visit(input, []);
  return fields;
}

/** Throws a 400 naming each field with a forbidden character (see forbiddenCharacterFields). */
export function rejectForbiddenCharacters(input: unknown): void {
  const fields = forbiddenCharacterFields(input);
  if (Object.keys(fields).length > 0) throw validationFailed(fields);
}

// Spaces and characters that show nothing: format characters (zero-width space and joiners,
// direction marks, the byte order mark, soft hyphen), controls, and the blank letters of
// Hangul and Braille.
const INVISIBLE = /^[\p{White_Space}\p{Cf}\p{Cc}\u115F\u1160\u3164\uFFA0\u2800]*$/u;

/** Whether a text shows anything at all to a reader. */
export function isVisibleText(text: string): boolean {
  return !INVISIBLE.test(text);
}

/** For a refinement after `.min(1)`: an empty text has its message already, once is enough. */
export const isEmptyOrVisible = (text: string): boolean => text === '' || isVisibleText(text);

/** A typed text: trimmed, at most `max` characters. */
export const text = (max: number, tooLong = 'error.text_too_long') => z.string().trim().max(max, tooLong);

/** A text that must be filled in with something a reader can see (not only zero-width characters). */
export const requiredText = (max: number, message: string, tooLong = 'error.text_too_long') =>
  z.string({ error: message }).trim().min(1, message).max(max, tooLong).refine(isEmptyOrVisible, message);

/** The largest amount anywhere (damage, costs): one million euro, in cents. */
export const MAX_CENTS = 100_000_000;

/**
 * A whole number as JSON gives it, or as a form field types it (digits only). Nothing else is
 * taken for a number: not "", true or [5], which `z.coerce` would turn into 0, 1 and 5.
 */
export const wholeNumber = (message: string, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d{1,15}\s*$/.test(v) ? Number(v) : v),
    z.number({ error: message }).int(message).min(min, message).max(max, message),
  );

/** An amount in euro cents (a JSON number, not a string), from 0 to one million euro. */
export const cents = (message = 'error.amount_cents') => z.number({ error: message }).int(message).min(0, message).max(MAX_CENTS, message);

/** The first day any date in the register may be on: nothing before it is a case handled here. */
export const EARLIEST_DATE = '2000-01-01';

/** The same day `years` years from `today` (YYYY-MM-DD). */
export function yearsAfter(today: string, years: number): string {
  return `${String(Number(today.slice(0, 4)) + years).padStart(4, '0')}${today.slice(4)}`;
}

/** Whether a day (YYYY-MM-DD) is one a case could be about: from 2000 up to ten years ahead. */
export function isPlausibleDate(day: string): boolean {
  return day >= EARLIEST_DATE && day <= yearsAfter(new Date().toISOString().slice(0, 10), 10);
}
