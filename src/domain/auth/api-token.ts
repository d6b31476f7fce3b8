import { z } from 'zod';
import type { Tx } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { requiredText, wholeNumber } from '../../validation.js';
import { audit, type Actor } from '../audit/audit.js';
import { insertApiToken, revokeToken, revokeTokensOfUser, tokenOwner, tokensOfUser } from './api-token.repository.js';
import { lookupUserByEmail } from './session.repository.js';
import { generateToken, hashToken } from './tokens.js';

/** How long a token works when its maker says nothing, and the longest it may (days). */
export const API_TOKEN_DEFAULT_DAYS = 90;
export const API_TOKEN_MAX_DAYS = 365;
export const API_TOKEN_DEFAULT_NAME = 'API-sleutel';

/** What a person says of a new token: a name they recognise it by, and how many days it works. */
export const newApiTokenSchema = z.object({
  name: requiredText(100, 'tokens.name_required').default(API_TOKEN_DEFAULT_NAME),
  days: wholeNumber('tokens.days_invalid', 1, API_TOKEN_MAX_DAYS).default(API_TOKEN_DEFAULT_DAYS),
});
export type NewApiToken = z.output<typeof newApiTokenSchema>;

/** A token as its owner sees it in a list: never the secret or its hash. */
export interface ApiTokenInfo {
  id: string;
  userId: string;
  name: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  state: 'active' | 'expired' | 'revoked';
}

export interface CreatedApiToken {
  id: string;
  userId: string;
  name: string;
  expiresAt: Date;
  /** The secret, shown once: only its hash is stored. */
  token: string;
}

type OrganisationActor = Actor & { organisationId: string };

async function create(tx: Tx, actor: OrganisationActor, userId: string, input: NewApiToken): Promise<CreatedApiToken> {
  const token = generateToken('wbt');
  const expiresAt = new Date(Date.now() + input.days * 24 * 60 * 60 * 1000);
  const row = await insertApiToken(tx, {
    organisationId: actor.organisationId,
    userId,
    tokenHash: hashToken(token),
    name: input.name,
    expiresAt,
  });
  await audit(tx, actor, { action: 'api_token.create', objectType: 'api_token', objectId: row.id });
  return { id: row.id, userId, name: input.name, expiresAt, token };
}

/** Creates a personal API token for a person of the organisation, by e-mail (command line); shown once. */
export async function createApiToken(
  tx: Tx,
  actor: OrganisationActor,
  email: string,
  input: NewApiToken = { name: API_TOKEN_DEFAULT_NAME, days: API_TOKEN_DEFAULT_DAYS },
): Promise<CreatedApiToken> {
  const found = await lookupUserByEmail(tx, email.trim().toLowerCase());
  if (!found || found.organisationId !== actor.organisationId) throw notFound();
  return create(tx, actor, found.userId, input);
}

/** Creates a token for the person themselves ("Mijn API-sleutels"). */
export function createOwnApiToken(tx: Tx, actor: OrganisationActor & { userId: string }, input: NewApiToken): Promise<CreatedApiToken> {
  return create(tx, actor, actor.userId, input);
}

/** A person's tokens, working, expired and revoked. */
export function listApiTokens(tx: Tx, userId: string): Promise<ApiTokenInfo[]> {
  return tokensOfUser(tx, userId);
}

/** The tokens of a person found by e-mail (command line). */
export async function listApiTokensByEmail(tx: Tx, organisationId: string, email: string): Promise<ApiTokenInfo[]> {
  const found = await lookupUserByEmail(tx, email.trim().toLowerCase());
  if (!found || found.organisationId !== organisationId) throw notFound();
  return tokensOfUser(tx, found.userId);
}

/**
 * Revokes a token. With `ownerId`, only a token of that person (the page: someone else's
 * token answers 404 like a missing one); without, any token of the organisation (command line).
 */
export async function revokeApiToken(tx: Tx, actor: OrganisationActor, id: string, ownerId?: string): Promise<void> {
  const owner = await tokenOwner(tx, id);
  if (!owner || (ownerId !== undefined && owner !== ownerId)) throw notFound();
  if (await revokeToken(tx, id)) await audit(tx, actor, { action: 'api_token.revoke', objectType: 'api_token', objectId: id });
}

/**
 * Ends every token of a person: when they are deactivated and when their password changes or
 * is reset, since whoever held the old password (or the account) may have made them.
 */
export async function revokeAllApiTokens(tx: Tx, actor: Actor, userId: string): Promise<void> {
  if ((await revokeTokensOfUser(tx, userId)) > 0) {
    await audit(tx, actor, { action: 'api_token.revoke_all', objectType: 'user', objectId: userId });
  }
}
