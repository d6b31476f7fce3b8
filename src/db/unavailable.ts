/**
 * Whether an error means the database could not be reached or went away, rather than that a
 * statement failed: nothing the request did was committed, and the same request can be sent
 * again once the server is back (answered 503 with Retry-After, not 500).
 */

/** How long a client should wait before sending again a request that found the database out of reach (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

// Socket errors from node:net when PostgreSQL is not listening or the connection breaks.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

// SQLSTATE: 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting or
// stopping), 53300 too many connections; class 08 is "connection exception".
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

// node-postgres says these in words only (no code).
const MESSAGES = [
  /^Connection terminated/,
  /^Client has encountered a connection error and is not queryable/,
  /^timeout exceeded when trying to connect/,
  /^Client was closed and is not queryable/,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    if (MESSAGES.some((pattern) => pattern.test(cause.message))) return true;
    // Node reports a refused connection to several addresses (localhost: ::1 and 127.0.0.1) as one AggregateError.
    if (cause instanceof AggregateError && cause.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
  }
  return false;
}
