/**
 * One place for the errors a request can end in: HTTP status, stable id, and a message key
 * (translated by http/i18n, so pages and the API speak the reader's language).
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    readonly messageKey: string,
    /** Field names with their message keys, for forms and 400 answers. */
    readonly fields: Record<string, string> = {},
  ) {
    super(id);
  }
}

export const notFound = () => new AppError(404, 'not_found', 'error.not_found');
export const unauthorized = () => new AppError(401, 'unauthorized', 'error.unauthorized');
export const validationFailed = (fields: Record<string, string>) =>
  new AppError(400, 'validation_failed', Object.values(fields)[0] ?? 'error.invalid', fields);
export const conflict = (id: string, messageKey: string, field?: string) =>
  new AppError(409, id, messageKey, field ? { [field]: messageKey } : {});
export const csrfFailed = () => new AppError(403, 'csrf_failed', 'error.csrf');
export const tooManyRequests = () => new AppError(429, 'too_many_requests', 'error.too_many_requests');
