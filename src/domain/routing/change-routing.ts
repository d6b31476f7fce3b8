import { z } from 'zod';
import type { Tx } from '../../db/database.js';
import { requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { INFORMABLE_ROLES, ROLES } from '../user/roles.js';
import { routingPolicy } from './routing.policy.js';
import { ALWAYS_INFORMED_ROLES, type Routing } from './routing.js';
import { refused } from '../../errors.js';
import { loadRouting, saveRouting } from './routing.repository.js';

export const routingSchema = z.object({
  rules: z
    .array(
      z.object({
        affectedRole: z.enum(ROLES, { error: 'error.role_invalid' }),
        informRoles: z.array(z.enum(INFORMABLE_ROLES, { error: 'error.role_invalid' })).transform((r) => [...new Set(r)]),
        informManager: z.boolean().default(false),
      }),
    )
    .max(50),
  alwaysInform: z.array(z.enum(INFORMABLE_ROLES, { error: 'error.role_invalid' })).transform((r) => [...new Set(r)]),
});

export function getRouting(tx: Tx, who: SignedIn): Promise<Routing> {
  requireRole(routingPolicy, who, 'read');
  return loadRouting(tx);
}

/** Replaces the organisation's routing rules (administrators). Applies to new reports. */
export async function changeRouting(tx: Tx, who: SignedIn, routing: z.output<typeof routingSchema>): Promise<Routing> {
  requireRole(routingPolicy, who, 'change');
  // The adviser stays informed of every incident (seed 001 §5.1): a routing without them is refused.
  if (ALWAYS_INFORMED_ROLES.some((r) => !routing.alwaysInform.includes(r))) {
    throw refused('adviser_always_informed', 'error.adviser_always_informed', 'alwaysInform');
  }
  await saveRouting(tx, who.organisation.id, routing);
  await audit(
    tx,
    { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp },
    {
      action: 'routing.change',
      objectType: 'organisation',
      objectId: who.organisation.id,
    },
  );
  return loadRouting(tx);
}
