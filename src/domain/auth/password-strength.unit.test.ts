import { describe, expect, it } from 'vitest';
import { newUserSchema, passwordSchema } from '../user/user.schema.js';
import { isGuessablePassword } from './password-strength.js';

describe('password strength (NIST SP 800-63B)', () => {
  it.each([
    'aaaaaaaaaaaa', // repetition
    'abcabcabcabc',
    'abcdefghijkl', // sequence
    '123456789012',
    'qwertyuiopas', // keyboard
    'password1234', // common and breached
    'iloveyou1234',
    'P@ssw0rd2024', // the same in l33t
    'Welkom012345',
    'weerbaar2026!', // the service's own name
  ])('%s is guessable', (password) => {
    expect(isGuessablePassword(password)).toBe(true);
  });

  it.each(['correct horse battery staple', 'fietsen langs de amstel in de regen', 'zomer2024zomerhuis'])('%s is not', (password) => {
    expect(isGuessablePassword(password)).toBe(false);
  });

  it('counts the person’s own name and address as guessable words', () => {
    expect(isGuessablePassword('vanderbroek1234')).toBe(false);
    expect(isGuessablePassword('vanderbroek1234', ['Wilhelmina Vanderbroek', 'w.vanderbroek@example.test'])).toBe(true);
  });

  it('the schema asks length and an unguessable password, and no composition rules', () => {
    const messages = (value: string) => passwordSchema.safeParse(value).error?.issues.map((i) => i.message) ?? [];
    expect(messages('kort')).toEqual(['error.password_too_short']);
    expect(messages('aaaaaaaaaaaa')).toEqual(['auth.password_guessable']);
    expect(messages('x'.repeat(201))).toEqual(['error.password_too_long']);
    // Lower case only, no digit, no symbol: fine.
    expect(messages('een zin van gewone woorden')).toEqual([]);
    // Any character at all, spaces and emoji included.
    expect(messages('🚲 naar het stadhuis, 🌧️ onderweg')).toEqual([]);
  });

  it('also for a password given on the command line (weerbaar user add --password)', () => {
    const input = { email: 'a@example.test', name: 'A', roles: ['employee'], password: 'password1234' };
    expect(newUserSchema.safeParse(input).error?.issues.map((i) => i.message)).toEqual(['auth.password_guessable']);
  });
});
