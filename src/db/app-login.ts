import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { createDb, type Db } from './database.js';

/**
 * The program logs in as `weerbaar_app` (issue 12 §2 finding 1): a role that is neither
 * superuser nor owner, so even a query that forgets to step down is bound by row-level
 * security and cannot switch the audit trigger off. The owner (the embedded server's
 * `postgres`, or DATABASE_URL's user) only migrates, and gives weerbaar_app its login.
 */

/** The role the program works as; migration 0001 made it, without a login. */
export const APP_ROLE = 'weerbaar_app';

/**
 * A SCRAM-SHA-256 verifier (RFC 5802, as PostgreSQL stores it) of the password, so the password
 * itself never travels in a statement that a server log could keep. For ASCII passwords, which
 * are all this program makes or accepts, SASLprep leaves the password as it is.
 */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** The owner's connection string with the program's role and password instead. */
export function appConnectionString(ownerUrl: string, password: string): string {
  const url = new URL(ownerUrl);
  url.searchParams.delete('user');
  url.searchParams.delete('password');
  if (url.hostname === '') {
    // postgres:///db?host=/run/postgresql: a URL without a host has no place for a user.
    url.searchParams.set('user', APP_ROLE);
    url.searchParams.set('password', password);
  } else {
    url.username = APP_ROLE;
    url.password = encodeURIComponent(password);
  }
  return url.toString();
}

/** As the owner: lets weerbaar_app log in with this password (needs superuser or CREATEROLE with ADMIN on it). */
export async function grantAppLogin(owner: Db, password: string): Promise<void> {
  const verifier = scramVerifier(password);
  // Only base64 and the separators: safe to write into the statement, which takes no parameters.
  if (!/^SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/.test(verifier)) throw new Error('bad verifier');
  try {
    await sql.raw(`ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD '${verifier}'`).execute(owner);
  } catch (error) {
    throw new Error(
      `De eigenaar van de database kon de rol ${APP_ROLE} niet laten inloggen (${(error as { code?: string }).code ?? 'fout'}): ` +
        `geef die gebruiker CREATEROLE, of maak zelf een inlogrol die lid is van ${APP_ROLE} en zet DATABASE_APP_URL.`,
      { cause: error },
    );
  }
}

/** The password in the file, or a new one made there (readable by this user alone). */
export async function secretInFile(file: string): Promise<string> {
  const existing = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing !== undefined) return existing.trim();
  const secret = randomBytes(24).toString('base64url');
  await fs.mkdir(path.dirname(file), { recursive: true });
  try {
    await fs.writeFile(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await fs.readFile(file, 'utf8')).trim();
    throw error;
  }
}

/** Login failures that a (new) password for weerbaar_app cures: wrong password, or no login yet. */
const NOT_LET_IN = new Set(['28P01', '28000']);

/**
 * Refuses a login that could step around the database's own rules: a superuser, a role that
 * bypasses row-level security, or one that owns a table (an owner can disable its triggers).
 */
export async function assertUnprivileged(db: Db): Promise<void> {
  const row = (
    await sql<{ login: string; rolsuper: boolean; rolbypassrls: boolean; owned: number }>`
      SELECT session_user AS login, r.rolsuper, r.rolbypassrls,
        (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid AND c.relkind IN ('r', 'p', 'v', 'm', 'S')) AS owned
      FROM pg_roles r WHERE r.rolname = session_user`.execute(db)
  ).rows[0];
  const problems = [
    ...(row?.rolsuper ? ['is a superuser'] : []),
    ...(row?.rolbypassrls ? ['bypasses row-level security'] : []),
    ...(row && row.owned > 0 ? [`owns ${row.owned} tables or sequences`] : []),
  ];
  if (problems.length > 0)
    throw new Error(
      `De inlogrol van het programma (${row?.login ?? '?'}) ${problems.join(', ')}; ` +
        `het programma werkt alleen als een rol zonder die rechten (DATABASE_APP_URL).`,
    );
}

/**
 * The program's pool. With DATABASE_APP_URL, that login (a member of weerbaar_app, made by the
 * database's administrator). Otherwise weerbaar_app itself on the owner's server, with
 * DATABASE_APP_PASSWORD or the password kept in the data directory; when it is not let in
 * (the first start, or a new password), the owner gives it that password.
 */
export async function connectAsApp(
  owner: Db,
  ownerUrl: string,
  options: { appUrl: string | undefined; password: string | undefined; secretFile: string },
  max = 10,
): Promise<Db> {
  if (options.appUrl) {
    const db = createDb(options.appUrl, max);
    try {
      await assertUnprivileged(db);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return db;
  }
  const password = options.password ?? (await secretInFile(options.secretFile));
  const db = createDb(appConnectionString(ownerUrl, password), max);
  try {
    try {
      await sql`SELECT 1`.execute(db);
    } catch (error) {
      if (!NOT_LET_IN.has((error as { code?: string }).code ?? '')) throw error;
      await grantAppLogin(owner, password);
    }
    await assertUnprivileged(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}
