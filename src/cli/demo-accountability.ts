import { withOrganisation, type Db } from '../db/database.js';
import { decideAccessLine, getAccessReview, startAccessReview } from '../domain/accountability/access-review.js';
import type { SignedIn } from '../domain/auth/session.js';
import { findOwnOrganisation } from '../domain/organisation/organisation.repository.js';
import { OFFICE_HOLDER_ROLES, type Role } from '../domain/user/roles.js';
import { findUser } from '../domain/user/user.repository.js';
import type { DemoKey } from './demo-incidents.js';

/**
 * This year's access review under way (issue 11 §3): started by the administrator, the office
 * holders' roles confirmed, the rest waiting — so the review page, its deadline on the
 * administrator's task list and the counts of what each person opened have something to show.
 * Through the use cases, as the administrator. Once: nothing is added when a review exists.
 */
export async function fillDemoAccessReview(db: Db, organisationId: string, people: ReadonlyMap<DemoKey, string>): Promise<void> {
  await withOrganisation(db, organisationId, async (tx) => {
    if (await tx.selectFrom('accessReview').select('id').limit(1).executeTakeFirst()) return;
    const adminId = people.get('beheerder');
    const admin = adminId ? await findUser(tx, adminId) : undefined;
    if (!admin) return;
    const who: SignedIn = { user: admin, organisation: (await findOwnOrganisation(tx))!, stage: 'complete', originIp: null };
    const id = await startAccessReview(tx, who);
    for (const person of (await getAccessReview(tx, who, id)).people)
      for (const line of person.lines)
        if ((OFFICE_HOLDER_ROLES as readonly Role[]).includes(line.role)) await decideAccessLine(tx, who, line.id, 'confirmed');
  });
}
