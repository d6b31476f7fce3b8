import type { MessageKey } from './http/i18n/index.js';

/**
 * One place for the errors a request can end in: HTTP status, stable id, and a message key
 * (translated by http/i18n, so pages and the API speak the reader's language). Code elsewhere
 * uses the factories below; `new AppError` outside this file is refused by lint.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    readonly messageKey: MessageKey,
    /** Field names with their message keys, for forms and 400 answers. */
    readonly fields: Record<string, MessageKey> = {},
    /**
     * The request's writes are kept although it fails: a failed sign-in must still count
     * towards the lockout and be audited. Every other error rolls the request back.
     */
    readonly keepsWrites = false,
  ) {
    super(id);
  }
}

/** Statuses at which a form comes back with its messages instead of an error page. */
export const FORM_ERROR_STATUSES: readonly number[] = [400, 409, 413, 415];

export const notFound = () => new AppError(404, 'not_found', 'error.not_found');
export const unauthorized = () => new AppError(401, 'unauthorized', 'error.unauthorized');
export const csrfFailed = () => new AppError(403, 'csrf_failed', 'error.csrf');
export const tooManyRequests = () => new AppError(429, 'too_many_requests', 'error.too_many_requests');
export const internalError = () => new AppError(500, 'internal', 'error.internal');

/** Bad input in several fields at once (a form or a request body parsed by its schema). */
export const validationFailed = (fields: Record<string, MessageKey>) =>
  new AppError(400, 'validation_failed', Object.values(fields)[0] ?? 'error.invalid', fields);

/** Bad input in one field, said with a message key. */
export const invalidField = (field: string, messageKey: MessageKey) => validationFailed({ [field]: messageKey });

/** A request that is well-formed but not possible now (a rule of the protocol, a state). */
export const conflict = (id: string, messageKey: MessageKey, field?: string) =>
  new AppError(409, id, messageKey, field ? { [field]: messageKey } : {});

/** Well-formed, but what it asks for lacks something it needs (a letter without its facts): 422. */
export const unprocessable = (id: string, messageKey: MessageKey, field?: string) =>
  new AppError(422, id, messageKey, field ? { [field]: messageKey } : {});

/** Refused input that is not a field mistake (deactivating oneself, a wrong code). */
export const refused = (id: string, messageKey: MessageKey, field?: string) =>
  new AppError(400, id, messageKey, field ? { [field]: messageKey } : {});

/** The same answer for an unknown address, a wrong password, a locked or inactive account. */
export const signInFailed = () => new AppError(401, 'sign_in_failed', 'error.sign_in_failed', {}, true);

/** A wrong second-factor code; counted towards the lockout, so the count is kept. */
export const codeInvalid = () => new AppError(400, 'code_invalid', 'error.totp_invalid', { code: 'error.totp_invalid' }, true);

export const fileMissing = () => invalidField('file', 'error.file_missing');
export const fileEmpty = () => invalidField('file', 'error.file_empty');
export const fileTooLarge = () => new AppError(413, 'file_too_large', 'error.file_too_large', { file: 'error.file_too_large' });
/** A multipart body that cannot be read (no boundary, cut off, not multipart inside): the client's fault, nothing is kept. */
export const uploadUnreadable = () => invalidField('file', 'error.upload_unreadable');
/**
 * Input that the schemas let through but the database refused as a value (a data exception:
 * a number or date out of its column's range, a character it cannot store); the schemas
 * should have caught it, so it is logged, but the caller hears 400, not 500.
 */
export const inputUnprocessable = () => new AppError(400, 'input_unprocessable', 'error.input_unprocessable');
export const unsupportedFileType = () => new AppError(415, 'unsupported_file_type', 'error.file_type', { file: 'error.file_type' });

/**
 * The database cannot be reached (refused, shut down, the connection lost): nothing was done,
 * and the same request can be sent again in a moment (answered with Retry-After).
 */
export const databaseUnavailable = () => new AppError(503, 'database_unavailable', 'error.database_unavailable');

/** An Idempotency-Key sent before with another request: nothing is done, and the first answer is not given for it. */
export const idempotencyKeyReused = () => new AppError(422, 'idempotency_key_reused', 'error.idempotency_key_reused');

/** An Idempotency-Key that is empty, too long or not printable ASCII. */
export const idempotencyKeyInvalid = () => new AppError(400, 'idempotency_key_invalid', 'error.idempotency_key_invalid');

/** A client error that Fastify found before our code ran (body too large, bad JSON, …). */
export const requestRejected = (status: number) =>
  new AppError(status, status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request', 'error.invalid');

/** A wrong current password at a password change; counted towards the lockout, so the count is kept. */
export const currentPasswordWrong = () =>
  new AppError(400, 'current_password_wrong', 'error.current_password_wrong', { current: 'error.current_password_wrong' }, true);

/** The current password was guessed at too often: no check until the lockout ends (its audit row is kept). */
export const passwordAttemptsExceeded = () =>
  new AppError(429, 'too_many_attempts', 'auth.password_attempts', { current: 'auth.password_attempts' }, true);

/** A second-factor code that was accepted before (replayed); counted like a wrong one. */
export const codeUsed = () => new AppError(400, 'code_used', 'auth.code_used', { code: 'auth.code_used' }, true);

/**
 * Single sign-on did not work out: the answer from the identity provider was tampered with,
 * late, or failed validation. The audit row of the attempt is kept.
 */
export const ssoFailed = () => new AppError(401, 'sso_failed', 'sso.failed', {}, true);
/** The provider said who it is, but Weerbaar lets them in not (unknown, inactive, no role). */
export const ssoRefused = (
  messageKey: 'sso.error.no_account' | 'sso.error.inactive' | 'sso.error.no_role' | 'sso.error.linked_elsewhere',
) => new AppError(401, 'sso_refused', messageKey, {}, true);
/** The identity provider could not be reached (discovery failed): try again later. */
export const ssoUnavailable = () => new AppError(503, 'sso_unavailable', 'sso.unavailable');
