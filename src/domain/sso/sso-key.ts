import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The installation's SSO key: 32 bytes that encrypt the client secrets in the database and the
 * short-lived sign-in state in the browser's cookie. It never goes into the database: from
 * SSO_SECRET_KEY, or made once in the data directory (sso.key, readable by this user alone),
 * like the embedded database's own secret.
 */
export type SsoKey = Buffer;

export const SSO_KEY_FILE = 'sso.key';

/** The key as SSO_SECRET_KEY gives it: 64 hexadecimal characters or 32 bytes in base64. */
export function parseSsoKey(value: string): SsoKey | undefined {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(v)) {
    const key = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return key.length === 32 ? key : undefined;
  }
  return undefined;
}

/** SSO_SECRET_KEY when set; otherwise the data directory's key, made the first time. */
export async function loadSsoKey(configured: SsoKey | undefined, dataDir: string): Promise<SsoKey> {
  if (configured) return configured;
  const file = path.join(dataDir, SSO_KEY_FILE);
  try {
    const key = parseSsoKey(await fs.readFile(file, 'utf8'));
    if (!key) throw new Error(`${file} holds no SSO key (64 hexadecimal characters)`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await fs.mkdir(dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    await fs.writeFile(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    // Another process made it at the same moment: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadSsoKey(undefined, dataDir);
    throw error;
  }
}

/** A key of its own per use, so a sealed cookie can never be read as a secret or back. */
function subkey(key: SsoKey, purpose: 'client_secret' | 'sign_in_state'): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `weerbaar sso ${purpose}`, 32));
}

/** AES-256-GCM: iv.tag.ciphertext in base64url; what it seals is also bound to `context`. */
function seal(key: Buffer, plain: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

function open(key: Buffer, sealed: string, context: string): string | undefined {
  const [iv, tag, body, ...rest] = sealed.split('.');
  if (!iv || !tag || body === undefined || rest.length > 0) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** A client secret as stored: bound to its organisation, so it cannot be moved to another. */
export const encryptClientSecret = (key: SsoKey, organisationId: string, secret: string) =>
  seal(subkey(key, 'client_secret'), secret, organisationId);

export const decryptClientSecret = (key: SsoKey, organisationId: string, sealed: string) =>
  open(subkey(key, 'client_secret'), sealed, organisationId);

/** The sign-in state kept in the browser between leaving for the provider and coming back. */
export const sealState = (key: SsoKey, value: object) => seal(subkey(key, 'sign_in_state'), JSON.stringify(value), 'state');

export function openState(key: SsoKey, sealed: string): unknown {
  const plain = open(subkey(key, 'sign_in_state'), sealed, 'state');
  if (plain === undefined) return undefined;
  try {
    return JSON.parse(plain) as unknown;
  } catch {
    return undefined;
  }
}
