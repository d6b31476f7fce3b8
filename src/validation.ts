import type { z } from 'zod';
import { validationFailed } from './errors.js';

/**
 * Parses input with a schema or throws a 400 naming each bad field. Schema messages are
 * message keys (see http/i18n) so pages and the API can say them in the reader's language.
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message.startsWith('error.') ? issue.message : 'error.invalid';
  }
  throw validationFailed(fields);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path or form value is an id at all; anything else is answered as not found. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
