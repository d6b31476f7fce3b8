import { z } from 'zod';
import { isEmptyOrVisible } from '../validation.js';
import { amsterdamInstant } from '../time/amsterdam.js';
import { dayField, parseDay } from './displayed.js';

/**
 * Zod pieces for HTML forms (application/x-www-form-urlencoded): every value arrives as a
 * string, a repeated field as an array, an unticked checkbox not at all. Messages are message
 * keys (http/i18n), shown in the error summary and at the field.
 */

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** A text field, trimmed; absent is ''. */
export const formText = (max = 10_000, tooLong = 'error.text_too_long') =>
  z.preprocess((v) => (typeof first(v) === 'string' ? (first(v) as string).trim() : ''), z.string().max(max, tooLong));

/** A text field that must be filled in. */
export const formRequired = (message: string, max = 10_000) =>
  z.preprocess(
    (v) => (typeof first(v) === 'string' ? (first(v) as string).trim() : ''),
    z.string().min(1, message).max(max, 'error.text_too_long').refine(isEmptyOrVisible, message),
  );

/** A text field that may stay empty: empty is undefined. */
export const formOptional = (max = 10_000) =>
  z.preprocess(
    (v) => (typeof first(v) === 'string' && (first(v) as string).trim() !== '' ? (first(v) as string).trim() : undefined),
    z.string().max(max, 'error.text_too_long').optional(),
  );

/** A checkbox: ticked when present with any of the values a browser sends. */
export const formCheckbox = () => z.preprocess((v) => ['on', 'true', '1', 'yes', 'ja'].includes(String(first(v) ?? '')), z.boolean());

/** A group of checkboxes (repeated field) with allowed values. */
export const formCheckboxes = <T extends readonly [string, ...string[]]>(values: T, message = 'error.invalid') =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(values, { error: message })));

/** One choice of a fixed list (radio buttons, a select). */
export const formChoice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess((v) => first(v) ?? undefined, z.enum(values, { error: message }));

/** A person or object chosen from a list; nothing chosen or something else is the message. */
export const formId = (message: string) => z.preprocess((v) => first(v) ?? '', z.uuid({ error: message }));

/** A whole number field. */
export const formInteger = (message: string, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    (v) => (typeof first(v) === 'string' && (first(v) as string).trim() !== '' ? Number(first(v)) : undefined),
    z.number({ error: message }).int(message).min(min, message).max(max, message),
  );

/** A date field: YYYY-MM-DD, also when typed as the pages show a day ("1 december 2026"). */
export const formDate = (message: string) =>
  z.preprocess((v) => dayField(first(v)) ?? '', z.string().regex(/^\d{4}-\d{2}-\d{2}$/, message));

/** The instant of a date field and a time field typed in Amsterdam wall-clock time, if they make one. */
export function amsterdamMoment(form: Record<string, unknown>, dateField: string, timeField: string): Date | undefined {
  const date = first(form[dateField]);
  const time = first(form[timeField]);
  return typeof date === 'string' && typeof time === 'string' ? amsterdamInstant(parseDay(date) ?? date.trim(), time.trim()) : undefined;
}

/**
 * Adds a moment (`key`: Date) to a parsed form from its date and time fields; when they do
 * not make a moment, the message is put on the date field, where the person looks.
 */
export function withMoment<S extends z.ZodObject, K extends string>(
  schema: S,
  key: K,
  dateField: string,
  timeField: string,
  message: string,
) {
  return schema.loose().transform((form, context) => {
    const at = amsterdamMoment(form, dateField, timeField);
    if (!at) {
      context.addIssue({ code: 'custom', path: [dateField], message });
      return z.NEVER;
    }
    return { ...(form as z.output<S>), [key]: at } as z.output<S> & Record<K, Date>;
  });
}
