import { withOrganisation, type Db } from '../db/database.js';
import type { SignedIn } from '../domain/auth/session.js';
import { findOwnOrganisation } from '../domain/organisation/organisation.repository.js';
import type { PrecautionKind } from '../domain/risk-assessment/risk-assessment.js';
import {
  completePrecaution,
  decidePrecautionOf,
  evaluateAssessment,
  getRiskAssessment,
  planAssessment,
  submitQuestionnaire,
} from '../domain/risk-assessment/risk-assessments.js';
import { findUser } from '../domain/user/user.repository.js';
import { addAmsterdamDays, amsterdamInstant, amsterdamToday } from '../time/amsterdam.js';
import type { DemoKey } from './demo-incidents.js';

const at = (daysFromToday: number, time: string) => amsterdamInstant(amsterdamToday(addAmsterdamDays(new Date(), daysFromToday)), time)!;

/**
 * Risk assessments (issue 13 §3): the information evening on the shelter for asylum seekers
 * next week, assessed high with its precautions decided and partly arranged; last month's
 * evening on the same topic, evaluated; and a risky conversation the alderman holds today.
 * Through the use cases, as the security adviser. Once: nothing is added when assessments exist.
 */
export async function fillDemoRiskAssessments(db: Db, organisationId: string, people: ReadonlyMap<DemoKey, string>): Promise<void> {
  await withOrganisation(db, organisationId, async (tx) => {
    if (await tx.selectFrom('riskAssessment').select('id').limit(1).executeTakeFirst()) return;
    const organisation = (await findOwnOrganisation(tx))!;
    const adviser = people.get('adviseur') && (await findUser(tx, people.get('adviseur')!));
    const mayor = people.get('burgemeester') && (await findUser(tx, people.get('burgemeester')!));
    const clerkId = people.get('griffier');
    const aldermanId = people.get('wethouder');
    if (!adviser || !mayor || !clerkId || !aldermanId) return;
    const who: SignedIn = { user: adviser, organisation, stage: 'complete', originIp: null };
    const register = await tx
      .selectFrom('perpetrator')
      .select('id')
      .where('mergedInto', 'is', null)
      .orderBy('createdAt')
      .limit(1)
      .execute();
    const questionnaire = {
      topic: 'De komst van een opvanglocatie voor asielzoekers in de voormalige school aan de Dorpsstraat',
      sensitivity: 'high' as const,
      expectedAttendance: 180,
      access: 'public' as const,
      earlierIncidents: true,
      livestream: true,
      location: 'Sporthal De Bongerd',
      chair: mayor.name,
    };

    // Last month's evening, held and evaluated.
    const earlier = await planAssessment(tx, who, {
      kind: 'group_meeting',
      title: 'Eerste informatieavond opvanglocatie',
      startsAt: at(-30, '19:30'),
      location: 'Raadzaal',
      chair: mayor.name,
    });
    await submitQuestionnaire(tx, who, earlier, {
      ...questionnaire,
      expectedAttendance: 90,
      location: 'Raadzaal',
      expectedPerpetratorIds: [],
    });
    await evaluateAssessment(tx, who, earlier, {
      evaluation:
        'De zaal was te klein: mensen stonden in de gang en er werd geroepen. Eén bezoeker is na een waarschuwing vertrokken. Afspraak: de volgende avond in een grotere ruimte, met beveiliging en toegangscontrole.',
      incidents: [],
    });

    // Next week's evening: assessed high, precautions decided.
    const next = await planAssessment(tx, who, {
      kind: 'group_meeting',
      title: 'Informatieavond opvanglocatie asielzoekers',
      startsAt: at(9, '19:30'),
      location: 'Sporthal De Bongerd',
      chair: mayor.name,
    });
    await submitQuestionnaire(tx, who, next, { ...questionnaire, expectedPerpetratorIds: register.map((p) => p.id) });
    const decisions: [PrecautionKind, string, string | undefined, boolean][] = [
      ['fitting_location', clerkId, 'Sporthal in plaats van de raadzaal: ruimte voor 250 mensen, twee uitgangen.', true],
      ['security_staff', adviser.id, 'Twee beveiligers van het vaste bureau, vanaf 18:45.', true],
      ['second_person', aldermanId, 'De wethouder Sociaal Domein zit naast de burgemeester.', false],
      ['police_informed', adviser.id, 'Wijkagent en de politie van het basisteam weten ervan.', false],
      ['entrance_control', clerkId, undefined, false],
      ['exit_route', clerkId, 'Nooduitgang achter het podium vrij, bodes weten de route.', true],
    ];
    const read = await getRiskAssessment(tx, who, next);
    for (const [kind, ownerId, note, done] of decisions) {
      const precaution = read.precautions.find((p) => p.kind === kind);
      if (!precaution) continue;
      await decidePrecautionOf(tx, who, precaution.id, { decision: 'taken', ownerId, note });
      if (done) await completePrecaution(tx, who, precaution.id);
    }

    // Today: a conversation known to be risky, with a guard on standby in the secured room.
    await planAssessment(tx, who, {
      kind: 'conversation',
      title: 'Gesprek over een afgewezen omgevingsvergunning',
      startsAt: at(0, '14:00'),
      location: 'Spreekkamer 0.12 (beveiligde zone)',
      hostId: aldermanId,
      precautions: ['guard_standby', 'secured_room'],
    });
  });
}
