import type { z } from 'zod';
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
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationFailed(issueFields(result.error));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path or form value is an id at all; anything else is answered as not found. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
