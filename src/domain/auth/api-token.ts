import type { Tx } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { insertApiToken } from './api-token.repository.js';
import { lookupUserByEmail } from './session.repository.js';
import { generateToken, hashToken } from './tokens.js';

/** Creates a personal API token for a person of the organisation; the token is shown once. */
export async function createApiToken(
  tx: Tx,
  actor: Actor & { organisationId: string },
  email: string,
): Promise<{ token: string; userId: string }> {
  const found = await lookupUserByEmail(tx, email.trim().toLowerCase());
  if (!found || found.organisationId !== actor.organisationId) throw notFound();
  const token = generateToken('wbt');
  const id = await insertApiToken(tx, { organisationId: actor.organisationId, userId: found.userId, tokenHash: hashToken(token) });
  await audit(tx, actor, { action: 'api_token.create', objectType: 'api_token', objectId: id });
  return { token, userId: found.userId };
}
