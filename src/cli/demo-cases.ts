import { sql } from 'kysely';
import { withOrganisation, type Db } from '../db/database.js';
import type { SignedIn } from '../domain/auth/session.js';
import { addDamage } from '../domain/damage/damage.js';
import { grantExtraAccess } from '../domain/incident/handle-incident.js';
import { decideMeasure, proposeMeasure, recordHearing } from '../domain/measure/handle-measure.js';
import { proposeSchema } from '../domain/measure/measure.schema.js';
import { findOwnOrganisation } from '../domain/organisation/organisation.repository.js';
import { createPerpetrator } from '../domain/perpetrator/manage-perpetrator.js';
import { linkPerpetrator } from '../domain/perpetrator/link-perpetrator.js';
import { newPerpetratorSchema } from '../domain/perpetrator/perpetrator.schema.js';
import { fileReport, recordConsent } from '../domain/police/police.js';
import { findUser } from '../domain/user/user.repository.js';
import { parse } from '../validation.js';
import type { DemoKey } from './demo-incidents.js';

/**
 * Turns the demo year into handled cases: the duties follow the backdated reports (so the
 * watcher does not remind anyone of a year-old conversation), closed cases have their
 * aftercare held, recurring perpetrators are registered and linked, and the worst cases get
 * a decided warning, a police report with consent and a damage claim — all through the use
 * cases, as the people whose job it is.
 */
export async function fillDemoCases(
  db: Db,
  owner: Db,
  organisationId: string,
  people: ReadonlyMap<DemoKey, string>,
  now = new Date(),
): Promise<number> {
  await settleDuties(owner, organisationId, now);
  const who = await signedInPeople(db, organisationId, people);
  const as = (key: DemoKey) => who.get(key)!;

  const incidents = await withOrganisation(db, organisationId, (tx) =>
    tx
      .selectFrom('incident')
      .select(['id', 'level', 'status', 'perpetratorName', 'perpetratorKind', 'occurredAt'])
      .where('perpetratorName', 'is not', null)
      .where('status', '!=', 'draft')
      .orderBy('occurredAt')
      .execute(),
  );
  const byName = new Map<string, typeof incidents>();
  for (const i of incidents) byName.set(i.perpetratorName!, [...(byName.get(i.perpetratorName!) ?? []), i]);
  let handled = 0;
  for (const [name, cases] of byName) {
    if (cases.length < 2) continue; // a register entry for those who come back
    const perpetratorId = await withOrganisation(db, organisationId, (tx) =>
      createPerpetrator(tx, as('adviseur'), parse(newPerpetratorSchema, { kind: cases[0]!.perpetratorKind ?? 'person', name })),
    );
    for (const c of cases) await withOrganisation(db, organisationId, (tx) => linkPerpetrator(tx, as('adviseur'), c.id, { perpetratorId }));
    const worst = [...cases].sort((a, b) => rank(b.level) - rank(a.level))[0]!;
    if (rank(worst.level) < rank('threat')) continue;
    // The mayor decides — the secretary when the mayor is the one affected; the adviser brings
    // the decider in where the chain did not.
    const mayorAffected = await withOrganisation(
      db,
      organisationId,
      async (tx) =>
        (await tx
          .selectFrom('incidentAffected')
          .select('userId')
          .where('incidentId', '=', worst.id)
          .where('userId', '=', as('burgemeester').user.id)
          .executeTakeFirst()) !== undefined,
    );
    const decider = as(mayorAffected ? 'secretaris' : 'burgemeester');
    await withOrganisation(db, organisationId, (tx) => grantExtraAccess(tx, as('adviseur'), worst.id, decider.user.id));
    const measureId = await withOrganisation(db, organisationId, (tx) =>
      proposeMeasure(
        tx,
        as('adviseur'),
        worst.id,
        parse(proposeSchema, {
          kind: 'written_warning',
          perpetratorId,
          advice: 'Herhaald gedrag tegen dezelfde persoon: schriftelijke waarschuwing, bij herhaling een toegangsverbod.',
          // Written for the letter, never the report's own words (issue 11 §4).
          facts: `U hebt zich ${cases.length} keer grensoverschrijdend gedragen tegenover een medewerker of bestuurder van de gemeente, het laatst op ${worst.occurredAt.toLocaleDateString('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric' })}.`,
          reasons: `Meerdere incidenten (${cases.length}), oplopend tot ${worst.level === 'physical_violence' ? 'fysiek geweld' : 'bedreiging'}.`,
        }),
      ),
    );
    await withOrganisation(db, organisationId, (tx) =>
      recordHearing(tx, as('adviseur'), measureId, {
        hearing: 'heard',
        statement: 'Betrokkene erkent de berichten maar vindt ze "niet zo bedoeld".',
      }),
    );
    await withOrganisation(db, organisationId, (tx) =>
      decideMeasure(tx, decider, measureId, { note: 'Akkoord, waarschuwing per aangetekende brief.' }),
    );
    if (worst.level === 'physical_violence') await policeAndDamage(db, as('adviseur'), worst.id, now);
    handled++;
  }
  return handled;
}

const rank = (level: string) => ['emotional', 'verbal_aggression', 'threat', 'physical_violence'].indexOf(level);

async function policeAndDamage(db: Db, adviser: SignedIn, incidentId: string, now: Date) {
  const affected = await withOrganisation(db, adviser.organisation.id, (tx) =>
    tx.selectFrom('incidentAffected').select('userId').where('incidentId', '=', incidentId).executeTakeFirstOrThrow(),
  );
  const consentId = await withOrganisation(db, adviser.organisation.id, (tx) =>
    recordConsent(tx, adviser, incidentId, {
      affectedUserId: affected.userId,
      given: true,
      how: 'Mondeling, bevestigd per e-mail',
      givenAt: now,
      shareBeyondHandlers: false,
    }),
  );
  await withOrganisation(db, adviser.organisation.id, (tx) =>
    fileReport(tx, adviser, incidentId, {
      consentId,
      filedOn: now.toISOString().slice(0, 10),
      registrationNumber: 'PL0900-DEMO-0001',
      elaApplied: true,
      organisationAddressUsed: true,
      vptRequested: true,
      vptConfirmed: true,
    }),
  );
  await withOrganisation(db, adviser.organisation.id, (tx) =>
    addDamage(tx, adviser, incidentId, {
      kind: 'material',
      description: 'Kapotte bril en jas',
      amountCents: 38500,
      reimbursedOn: now.toISOString().slice(0, 10),
      claimedOn: now.toISOString().slice(0, 10),
      paidOn: null,
      paidCents: null,
      writtenOffOn: null,
    }),
  );
}

async function signedInPeople(db: Db, organisationId: string, people: ReadonlyMap<DemoKey, string>) {
  const result = new Map<DemoKey, SignedIn>();
  await withOrganisation(db, organisationId, async (tx) => {
    const organisation = (await findOwnOrganisation(tx))!;
    for (const [key, id] of people) {
      const user = await findUser(tx, id);
      if (user) result.set(key, { user, organisation, stage: 'complete', originIp: null });
    }
  });
  return result;
}

/**
 * The use cases date every duty from the moment the demo runs. Moved to each report's own
 * moment; closed cases had their conversations and duties done; what fell due in the past
 * of an open case is overdue, with its reminders counted as sent.
 */
async function settleDuties(owner: Db, organisationId: string, now: Date) {
  await owner.transaction().execute(async (tx) => {
    await sql`
      UPDATE deadline d SET
        due_at = i.reported_at + (d.due_at - d.created_at),
        remind_at = i.reported_at + (d.remind_at - d.created_at),
        not_before = i.reported_at + (d.not_before - d.created_at),
        created_at = i.reported_at
      FROM incident i
      WHERE d.organisation_id = ${organisationId} AND i.organisation_id = d.organisation_id AND i.id = d.incident_id AND i.reported_at IS NOT NULL`.execute(
      tx,
    );
    await sql`
      UPDATE aftercare_conversation c SET state = 'held', held_at = i.reported_at + (c.number * interval '2 days'), held_by = c.caregiver_ids[1]
      FROM incident i
      WHERE c.organisation_id = ${organisationId} AND i.organisation_id = c.organisation_id AND i.id = c.incident_id AND i.status = 'closed'`.execute(
      tx,
    );
    await sql`
      UPDATE deadline d SET state = 'done', done_at = coalesce(i.closed_at, d.due_at)
      FROM incident i
      WHERE d.organisation_id = ${organisationId} AND i.organisation_id = d.organisation_id AND i.id = d.incident_id AND i.status = 'closed' AND d.state = 'open'`.execute(
      tx,
    );
    await sql`
      UPDATE deadline SET state = 'overdue', reminder_sent_at = remind_at, overdue_sent_at = due_at
      WHERE organisation_id = ${organisationId} AND state = 'open' AND due_at < ${now}`.execute(tx);
    await sql`
      UPDATE deadline SET reminder_sent_at = remind_at
      WHERE organisation_id = ${organisationId} AND state = 'open' AND remind_at < ${now}`.execute(tx);
  });
}
