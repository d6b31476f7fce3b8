import { withOrganisation, type Db } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { lookupUserByEmail } from './session.repository.js';
import { generateToken, hashToken } from './tokens.js';

/** Creates a personal API token for a person of the organisation; the token is shown once. */
export async function createApiToken(db: Db, actor: Actor & { organisationId: string }, email: string): Promise<{ token: string; userId: string }> {
  return withOrganisation(db, actor.organisationId, async (tx) => {
    const found = await lookupUserByEmail(tx, email.trim().toLowerCase());
    if (!found || found.organisationId !== actor.organisationId) throw notFound();
    const token = generateToken('wbt');
    const row = await tx
      .insertInto('apiToken')
      .values({ organisationId: actor.organisationId, userId: found.userId, tokenHash: hashToken(token) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, actor, { action: 'api_token.create', objectType: 'api_token', objectId: row.id });
    return { token, userId: found.userId };
  });
}
