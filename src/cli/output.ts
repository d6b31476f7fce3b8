import { AppError } from '../errors.js';
import { ConfigError } from '../config.js';
import { translator } from '../http/i18n/index.js';

/** Exit codes: 0 done, 1 failed for another reason, 2 bad input, 3 not found, 4 conflict, 5 audit broken. */
export const EXIT = { ok: 0, failure: 1, usage: 2, notFound: 3, conflict: 4, auditBroken: 5 } as const;

/** An error the command line words itself (it knows which name was not found), with its exit code. */
export class CliError extends Error {
  constructor(
    readonly code: number,
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Output {
  json: boolean;
}

/** Prints a result: JSON when asked, otherwise the human lines. */
export function print(out: Output, data: unknown, human: string[]) {
  process.stdout.write(out.json ? `${JSON.stringify(data, null, 2)}\n` : `${human.join('\n')}\n`);
}

/** Turns an error into a message and an exit code that a script can act on. */
export function fail(out: Output, error: unknown): number {
  const t = translator('nl');
  let code: number = EXIT.failure;
  let id = 'failed';
  let message = error instanceof Error ? error.message : String(error);
  if (error instanceof ConfigError) {
    code = EXIT.usage;
    id = 'invalid_configuration';
  } else if (error instanceof CliError) {
    code = error.code;
    id = error.id;
  } else if (error instanceof AppError) {
    id = error.id;
    code = error.status === 404 ? EXIT.notFound : error.status === 409 ? EXIT.conflict : error.status === 400 ? EXIT.usage : EXIT.failure;
    const fields = Object.entries(error.fields).map(([f, key]) => `${f}: ${t(key)}`);
    message = fields.length > 0 ? fields.join('; ') : t(error.messageKey);
  }
  if (out.json) process.stdout.write(`${JSON.stringify({ error: { id, message } })}\n`);
  else process.stderr.write(`weerbaar: ${message}\n`);
  return code;
}
