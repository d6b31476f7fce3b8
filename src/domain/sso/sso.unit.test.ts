import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assertsMultiFactor, groupsOf, isAllowedIssuer, parseGroups, rolesFromGroups, ssoInputSchema } from './sso.js';
import { decryptClientSecret, encryptClientSecret, openState, parseSsoKey, sealState } from './sso-key.js';

describe('single sign-on rules', () => {
  it('takes roles from groups by the map, in the order of the roles', () => {
    const map = { clerk: ['Griffie'], council_member: ['Raad', 'Raadsleden'], admin: ['Beheer'] };
    expect(rolesFromGroups(['Raadsleden', 'Griffie', 'Koffieclub'], map)).toEqual(['council_member', 'clerk']);
    expect(rolesFromGroups(['Koffieclub'], map)).toEqual([]);
    expect(groupsOf({ groups: 'Raad' }, 'groups')).toEqual(['Raad']);
    expect(groupsOf({ groups: ['Raad', 5, null] }, 'groups')).toEqual(['Raad']);
    expect(groupsOf({ roles: ['Raad'] }, 'groups')).toEqual([]);
    expect(parseGroups(' Raad, Raadsleden ,,Raad\nGriffie')).toEqual(['Raad', 'Raadsleden', 'Griffie']);
  });

  it('takes multi-factor from amr "mfa" or a multi-factor acr, not from a password alone', () => {
    expect(assertsMultiFactor({ amr: ['pwd', 'mfa'] })).toBe(true);
    expect(assertsMultiFactor({ acr: 'http://schemas.openid.net/pape/policies/2007/06/multi-factor' })).toBe(true);
    expect(assertsMultiFactor({ amr: ['pwd'] })).toBe(false);
    expect(assertsMultiFactor({ amr: 'mfa' })).toBe(false);
    expect(assertsMultiFactor({ acr: '1' })).toBe(false);
    expect(assertsMultiFactor({})).toBe(false);
  });

  it('accepts an https issuer, and http only on this machine', () => {
    expect(isAllowedIssuer('https://login.microsoftonline.com/tenant/v2.0')).toBe(true);
    expect(isAllowedIssuer('http://127.0.0.1:8080')).toBe(true);
    expect(isAllowedIssuer('http://login.example.test')).toBe(false);
    expect(isAllowedIssuer('https://user:pw@login.example.test')).toBe(false);
    expect(isAllowedIssuer('javascript:alert(1)')).toBe(false);
    expect(ssoInputSchema.safeParse({ issuer: 'https://x.test', clientId: 'c', scopes: 'email profile' }).success).toBe(false);
    expect(ssoInputSchema.safeParse({ issuer: 'https://x.test', clientId: 'c', roleMode: 'groups' }).success).toBe(false);
  });

  it('seals secrets and sign-in state so that neither opens with another key, purpose or organisation', () => {
    const key = randomBytes(32);
    const sealed = encryptClientSecret(key, 'org-a', 'geheim');
    expect(sealed).not.toContain('geheim');
    expect(decryptClientSecret(key, 'org-a', sealed)).toBe('geheim');
    expect(decryptClientSecret(key, 'org-b', sealed)).toBeUndefined();
    expect(decryptClientSecret(randomBytes(32), 'org-a', sealed)).toBeUndefined();
    const state = sealState(key, { state: 's' });
    expect(openState(key, state)).toEqual({ state: 's' });
    expect(openState(key, `${state.slice(0, -2)}AA`)).toBeUndefined();
    expect(openState(key, sealed)).toBeUndefined();
    expect(parseSsoKey(key.toString('hex'))).toEqual(key);
    expect(parseSsoKey(key.toString('base64'))).toEqual(key);
    expect(parseSsoKey('te kort')).toBeUndefined();
  });
});
