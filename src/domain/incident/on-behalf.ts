import type { Tx } from '../../db/database.js';
import type { SignedIn } from '../auth/session.js';
import { listUsers } from '../user/user.repository.js';
import type { User } from '../user/user.js';
import { mayReportFor } from './incident.policy.js';

/**
 * The people the caller may report for (the rule is `mayReportFor`): everyone active when
 * their role is in the chain, otherwise only the people they manage. Empty: nobody.
 */
export async function peopleToReportFor(tx: Tx, who: SignedIn): Promise<User[]> {
  return (await listUsers(tx)).filter((u) => mayReportFor(who, u));
}
