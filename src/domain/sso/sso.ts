import { z } from 'zod';
import { ROLES, type Role } from '../user/roles.js';

/**
 * Single sign-on with OpenID Connect (issue 12 §1): an organisation's identity provider
 * (Entra ID, Keycloak, ADFS) says who someone is; Weerbaar keeps who may do what, or takes the
 * roles from a groups claim on every sign-in.
 */

/** How roles come in: kept in Weerbaar, or mapped from a groups claim on every sign-in. */
export const ROLE_MODES = ['weerbaar', 'groups'] as const;
export type RoleMode = (typeof ROLE_MODES)[number];

/** role → the group names (values of the groups claim) that give it. */
export type RoleMap = Partial<Record<Role, string[]>>;

/** An organisation's single sign-on, as the program uses it (the secret only decrypted when needed). */
export interface SsoConfig {
  organisationId: string;
  issuer: string;
  clientId: string;
  /** Where the secret is: stored encrypted, in an environment variable, or none (a public client). */
  secret: { kind: 'stored'; encrypted: string } | { kind: 'env'; name: string } | { kind: 'none' };
  scopes: string;
  roleMode: RoleMode;
  groupsClaim: string;
  roleMap: RoleMap;
  jit: boolean;
  updatedAt: Date;
}

/** What an administrator (or the command line) sees of it: never the secret. */
export interface SsoSettings {
  issuer: string;
  clientId: string;
  secret: 'stored' | 'env' | 'none';
  secretEnv: string | null;
  scopes: string;
  roleMode: RoleMode;
  groupsClaim: string;
  roleMap: RoleMap;
  jit: boolean;
}

export function ssoSettingsOf(config: SsoConfig): SsoSettings {
  return {
    issuer: config.issuer,
    clientId: config.clientId,
    secret: config.secret.kind,
    secretEnv: config.secret.kind === 'env' ? config.secret.name : null,
    scopes: config.scopes,
    roleMode: config.roleMode,
    groupsClaim: config.groupsClaim,
    roleMap: config.roleMap,
    jit: config.jit,
  };
}

/** https, or http on this machine only (a provider started for tests or a trial). */
export function isAllowedIssuer(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.username || url.password || url.search || url.hash) return false;
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

export const isLoopbackIssuer = (issuer: string) => new URL(issuer).protocol === 'http:';

const groupName = z.string().trim().min(1).max(200);

/** What an administrator sets; the secret is left as it is when none is given. */
export const ssoInputSchema = z
  .object({
    issuer: z
      .string({ error: 'sso.error.issuer' })
      .trim()
      .max(500, 'sso.error.issuer')
      .refine(isAllowedIssuer, 'sso.error.issuer')
      .transform((v) => v.replace(/\/$/, '')),
    clientId: z.string({ error: 'sso.error.client_id' }).trim().min(1, 'sso.error.client_id').max(300, 'sso.error.client_id'),
    /** A new secret to store encrypted; undefined keeps the current one. */
    clientSecret: z.string().min(1).max(1000, 'sso.error.secret_too_long').optional(),
    /** Or the environment variable that holds it (read by the server at each sign-in). */
    clientSecretEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, 'sso.error.secret_env')
      .optional(),
    scopes: z
      .string()
      .trim()
      .max(500, 'sso.error.scopes')
      .default('openid email profile')
      .refine((v) => v.split(/\s+/).includes('openid') && /^[\x21-\x7e ]+$/.test(v), 'sso.error.scopes')
      .transform((v) => [...new Set(v.split(/\s+/))].join(' ')),
    roleMode: z.enum(ROLE_MODES, { error: 'sso.error.role_mode' }).default('weerbaar'),
    groupsClaim: z
      .string()
      .trim()
      .regex(/^[\x21-\x7e]{1,100}$/, 'sso.error.groups_claim')
      .default('groups'),
    roleMap: z.partialRecord(z.enum(ROLES), z.array(groupName).max(50)).default({}),
    jit: z.boolean().default(false),
  })
  .refine((v) => v.roleMode === 'weerbaar' || Object.values(v.roleMap).some((groups) => groups && groups.length > 0), {
    path: ['roleMap'],
    message: 'sso.error.role_map_empty',
  })
  .refine((v) => v.clientSecret === undefined || v.clientSecretEnv === undefined, {
    path: ['clientSecretEnv'],
    message: 'sso.error.secret_twice',
  });
export type SsoInput = z.output<typeof ssoInputSchema>;

/** The group names of a comma- or line-separated text field ("Raad, Raadsleden"). */
export function parseGroups(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((g) => g.trim())
        .filter(Boolean),
    ),
  ];
}

/** The values of the groups claim: a list of strings, or one string; anything else is none. */
export function groupsOf(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** The roles a person's groups give them, in the order of ROLES. */
export function rolesFromGroups(groups: readonly string[], map: RoleMap): Role[] {
  return ROLES.filter((role) => (map[role] ?? []).some((g) => groups.includes(g)));
}

/**
 * `acr` values that say more than one factor was used: the OpenID PAPE multi-factor policy,
 * SAML's two-factor contracts, and eIDAS substantial and high.
 */
const MFA_ACR = new Set([
  'http://schemas.openid.net/pape/policies/2007/06/multi-factor',
  'http://schemas.openid.net/pape/policies/2007/06/multi-factor-physical',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:TimeSyncToken',
  'http://eidas.europa.eu/LoA/substantial',
  'http://eidas.europa.eu/LoA/high',
  'mfa',
]);

/**
 * Whether the identity provider asserts multi-factor authentication: `amr` names `mfa`
 * (RFC 8176; Entra ID says ['pwd', 'mfa']) or `acr` is a multi-factor level. Then Weerbaar
 * does not ask for its own second factor again.
 */
export function assertsMultiFactor(claims: Record<string, unknown>): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [];
  if (amr.includes('mfa')) return true;
  return typeof claims.acr === 'string' && MFA_ACR.has(claims.acr);
}
