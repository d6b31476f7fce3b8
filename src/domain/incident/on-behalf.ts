import type { Tx } from '../../db/database.js';
import type { SignedIn } from '../auth/session.js';
import { listUsers, managedBy } from '../user/user.repository.js';
import type { User } from '../user/user.js';
import { ON_BEHALF_ROLES } from './incident.policy.js';

/**
 * The people the caller may report for: everyone active when their role is in the chain
 * (clerk, mayor, secretary, adviser), otherwise only the people they manage. Empty: nobody.
 */
export async function peopleToReportFor(tx: Tx, who: SignedIn): Promise<User[]> {
  const chainRole = who.user.roles.some((r) => (ON_BEHALF_ROLES as readonly string[]).includes(r));
  const all = (await listUsers(tx)).filter((u) => u.active && u.id !== who.user.id);
  if (chainRole) return all;
  const managed = new Set(await managedBy(tx, who.user.id));
  return all.filter((u) => managed.has(u.id));
}
