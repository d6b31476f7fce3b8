import { z } from 'zod';
import { withOrganisation, type Db } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { parse } from '../../validation.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { ROLES } from '../user/roles.js';
import { canPeople } from '../user/user.policy.js';
import type { Routing } from './routing.js';
import { loadRouting, saveRouting } from './routing.repository.js';

export const routingSchema = z.object({
  rules: z
    .array(z.object({
      affectedRole: z.enum(ROLES, { error: 'error.role_invalid' }),
      informRoles: z.array(z.enum(ROLES, { error: 'error.role_invalid' })).transform((r) => [...new Set(r)]),
      informManager: z.boolean().default(false),
    }))
    .max(50),
  alwaysInform: z.array(z.enum(ROLES, { error: 'error.role_invalid' })).transform((r) => [...new Set(r)]),
});

export function getRouting(db: Db, who: SignedIn): Promise<Routing> {
  if (!canPeople(who.user.roles, 'organisation.settings')) throw notFound();
  return withOrganisation(db, who.organisation.id, (tx) => loadRouting(tx));
}

/** Replaces the organisation's routing rules (administrators). Applies to new reports. */
export function changeRouting(db: Db, who: SignedIn, input: unknown): Promise<Routing> {
  if (!canPeople(who.user.roles, 'organisation.settings')) throw notFound();
  const routing = parse(routingSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    await saveRouting(tx, who.organisation.id, routing);
    await audit(tx, { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp }, {
      action: 'routing.change', objectType: 'organisation', objectId: who.organisation.id,
    });
    return loadRouting(tx);
  });
}
