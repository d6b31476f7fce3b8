import pg from 'pg';

/**
 * Counts the statements and transactions the server sends to PostgreSQL, by watching every
 * pg client in this process (the server runs in the benchmark's process). Measured one
 * request at a time, so the counts belong to that request alone.
 */
let counting = false;
let statements = 0;
let transactions = 0;
let installed = false;

function install() {
  if (installed) return;
  installed = true;
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (counting) {
      statements++;
      const first = args[0];
      const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '');
      if (/^\s*begin\b/i.test(text)) transactions++;
    }
    return original.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

export interface RequestCost {
  /** Statements per request, BEGIN and COMMIT included. */
  statements: number;
  /** Transactions per request. */
  transactions: number;
  /** Mean time of one request with nothing else running, in ms. */
  meanMs: number;
}

/** Sends `count` requests one after another and says what each cost the database. */
export async function requestCost(count: number, send: () => Promise<Response>): Promise<RequestCost> {
  install();
  await (await send()).arrayBuffer(); // warm (prepared caches, first-use paths)
  statements = 0;
  transactions = 0;
  counting = true;
  const started = performance.now();
  try {
    for (let i = 0; i < count; i++) {
      const response = await send();
      await response.arrayBuffer();
      if (response.status >= 400) throw new Error(`answered ${response.status}`);
    }
  } finally {
    counting = false;
  }
  return { statements: statements / count, transactions: transactions / count, meanMs: (performance.now() - started) / count };
}
