import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane (≈55 ms here).
const PRODUCTION = {
  algorithm: 2 /* Argon2id; the enum is a const enum we cannot import */,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

// Inside the test runner only (vitest sets VITEST), hashing is cheap: hundreds of people are
// made per run. Verifying reads the cost from the stored hash, so both kinds verify anywhere;
// the program itself, and the CLI the tests start as a child process, always use PRODUCTION.
const OPTIONS = process.env.VITEST ? { ...PRODUCTION, memoryCost: 1024, timeCost: 1 } : PRODUCTION;

export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verifying against this when the account does not exist keeps the answer time the same.
const DUMMY_HASH = hash('not a real password', OPTIONS);

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    await verify(await DUMMY_HASH, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

/** A one-time password an administrator hands over; the person must change it at sign-in. */
export function generateTemporaryPassword(): string {
  // Groups of four, no look-alike characters, easy to read out over the phone.
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{4}/g)!.join('-');
}
