import { withOrganisation, type Db } from '../db/database.js';
import type { SignedIn } from '../domain/auth/session.js';
import { findOwnOrganisation } from '../domain/organisation/organisation.repository.js';
import { compileAccessExport, recordRequest } from '../domain/request/handle-request.js';
import { findUser } from '../domain/user/user.repository.js';
import { amsterdamToday } from '../time/amsterdam.js';
import type { DemoKey } from './demo-incidents.js';

const daysBefore = (day: string, days: number) => new Date(Date.parse(`${day}T12:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/**
 * Requests from the people in it (issue 11 §2): a perpetrator's request for access, compiled by
 * the adviser and waiting for the privacy officer's review, and an employee's request for
 * erasure still to be decided. Through the use cases, as the adviser. Once: nothing is added
 * when requests exist. Answers how many it made.
 */
export async function fillDemoRequests(db: Db, organisationId: string, people: ReadonlyMap<DemoKey, string>): Promise<number> {
  return withOrganisation(db, organisationId, async (tx) => {
    if (await tx.selectFrom('dataRequest').select('id').limit(1).executeTakeFirst()) return 0;
    const adviserId = people.get('adviseur');
    const employeeId = people.get('balie');
    const adviser = adviserId ? await findUser(tx, adviserId) : undefined;
    if (!adviser || !employeeId) return 0;
    const who: SignedIn = { user: adviser, organisation: (await findOwnOrganisation(tx))!, stage: 'complete', originIp: null };
    const today = amsterdamToday();
    let made = 0;
    const perpetrator = await tx
      .selectFrom('perpetrator as p')
      .innerJoin('incidentPerpetrator as l', 'l.perpetratorId', 'p.id')
      .select('p.id')
      .where('p.mergedInto', 'is', null)
      .orderBy('p.createdAt')
      .limit(1)
      .executeTakeFirst();
    if (perpetrator) {
      const id = await recordRequest(tx, who, {
        kind: 'access',
        subjectKind: 'perpetrator',
        subjectId: perpetrator.id,
        receivedOn: daysBefore(today, 10),
        description: 'Brief: "Ik wil weten wat de gemeente over mij heeft vastgelegd."',
      });
      await compileAccessExport(tx, who, id);
      made++;
    }
    await recordRequest(tx, who, {
      kind: 'erasure',
      subjectKind: 'user',
      subjectId: employeeId,
      receivedOn: daysBefore(today, 3),
      description: 'Mail: wil dat de melding van vorig jaar over de balie wordt verwijderd.',
    });
    return made + 1;
  });
}
