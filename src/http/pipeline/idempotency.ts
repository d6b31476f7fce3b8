import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { idempotencyKeyInvalid } from '../../errors.js';
import { isValidKey } from '../../domain/idempotency/idempotency.js';
import type { UploadedFile } from './upload.js';

/** The header of the creating API routes (the IETF draft's name, as Stripe and others use it). */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** The hidden field of a form that may be sent only once (the report form). */
export const FORM_KEY_FIELD = '_once';

/** The key a request carries, if any; one that is empty, too long or not printable answers 400. */
export function requestKey(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !isValidKey(value)) throw idempotencyKeyInvalid();
  return value;
}

/** JSON with the keys of every object sorted, so the same body always has the same digest. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What makes two requests the same request: method, path with query, and the body (for an
 * upload its fields, file name and the digest of its bytes). The form token and the key
 * itself are left out: they say nothing about what is asked.
 */
export function requestDigest(request: FastifyRequest, body: unknown, file?: UploadedFile): string {
  const content =
    file === undefined
      ? body
      : { fields: file.fields, fileName: file.fileName, sha256: createHash('sha256').update(file.bytes).digest('hex') };
  const withoutTokens =
    content !== null && typeof content === 'object' && !Array.isArray(content)
      ? Object.fromEntries(Object.entries(content as Record<string, unknown>).filter(([k]) => k !== '_csrf' && k !== FORM_KEY_FIELD))
      : content;
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${canonical(withoutTokens)}`)
    .digest('hex');
}
