import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { createIncident, makeOrganisation, makeUser, referenceOf } from '../../../test/factories.js';
import { withOrganisation } from '../../db/database.js';
import type { Organisation } from '../organisation/organisation.js';
import type { User } from '../user/user.js';
import { NOTIFICATION_KINDS, notify } from './notify.js';

/**
 * Issue 11 §4: mails carry no incident details; this keeps it so. Every mail template (one
 * per notification kind) is sent about an incident whose every text field, perpetrator record
 * and aftercare note holds a marked word, to people affected by it; no mail may hold any of
 * them, nor the incident's reference, level or the names of the people in it.
 */
describe('no incident, perpetrator or aftercare text reaches a mail', () => {
  let t: TestDatabase;
  let org: Organisation;
  let reporter: User;
  let people: User[];

  const SECRETS = {
    description: 'GEHEIM-OMSCHRIJVING mijn dochter',
    place: 'GEHEIM-PLAATS',
    perpetratorName: 'GEHEIM-VEROORZAKER',
    perpetratorDetails: 'GEHEIM-KENMERKEN',
    witnesses: 'GEHEIM-GETUIGEN',
    damage: 'GEHEIM-SCHADE',
    account: 'GEHEIM-ACCOUNT',
    registerName: 'GEHEIM-REGISTERNAAM',
    registerAddress: 'GEHEIM-ADRES',
    registerNotes: 'GEHEIM-REGISTERNOTITIE',
    aftercareNotes: 'GEHEIM-NAZORG',
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    org = await makeOrganisation(t.db, 'Gemeente Postvak');
    reporter = await makeUser(t.db, org, ['council_member'], 'Raadslid Verborgen');
    people = [
      reporter,
      await makeUser(t.db, org, ['clerk'], 'Griffier Verborgen'),
      await makeUser(t.db, org, ['mayor'], 'Burgemeester Verborgen'),
      await makeUser(t.db, org, ['security_adviser'], 'Adviseur Verborgen'),
    ];
  });
  afterAll(async () => {
    await t?.close();
  });

  it('holds for every mail template', async () => {
    const incidentId = await createIncident(
      t.db,
      { user: reporter, organisation: org },
      {
        description: SECRETS.description,
        place: SECRETS.place,
        perpetrator: { kind: 'person', name: SECRETS.perpetratorName, details: SECRETS.perpetratorDetails },
        witnesses: SECRETS.witnesses,
        damage: SECRETS.damage,
        online: { platform: 'Facebook', account: SECRETS.account },
      },
    );
    const perpetrator = await t.admin.query(
      "INSERT INTO perpetrator (organisation_id, kind, name, address, notes, created_by) VALUES ($1, 'person', $2, $3, $4, $5) RETURNING id",
      [org.id, SECRETS.registerName, SECRETS.registerAddress, SECRETS.registerNotes, reporter.id],
    );
    await t.admin.query(
      'INSERT INTO incident_perpetrator (organisation_id, incident_id, perpetrator_id, linked_by) VALUES ($1, $2, $3, $4)',
      [org.id, incidentId, perpetrator.rows[0].id, reporter.id],
    );
    // The report planned aftercare for the affected council member: its notes hold a secret too.
    const noted = await t.admin.query('UPDATE aftercare_conversation SET notes = $1 WHERE incident_id = $2', [
      SECRETS.aftercareNotes,
      incidentId,
    ]);
    expect(noted.rowCount).toBeGreaterThan(0);

    const before = (await t.admin.query('SELECT count(*)::int AS n FROM outbox_mail WHERE organisation_id = $1', [org.id])).rows[0].n;
    for (const kind of NOTIFICATION_KINDS)
      await withOrganisation(t.db, org.id, (tx) =>
        notify(
          tx,
          org.id,
          people.map((p) => p.id),
          kind,
          { incidentId },
        ),
      );
    const mails = (await t.admin.query('SELECT subject, body FROM outbox_mail WHERE organisation_id = $1', [org.id])).rows as {
      subject: string;
      body: string;
    }[];
    // The report itself sent mails too (routing): those are checked with the rest.
    expect(mails.length).toBe(before + NOTIFICATION_KINDS.length * people.length);
    // Each kind has a template of its own: all of them were written here.
    expect(new Set(mails.map((m) => m.subject)).size).toBe(NOTIFICATION_KINDS.length);

    const reference = await referenceOf(t.db, org, incidentId);
    const forbidden = [...Object.values(SECRETS), reference, incidentId, ...people.map((p) => p.name), 'threat', 'bedreiging', 'Facebook'];
    for (const mail of mails) {
      const text = `${mail.subject}\n${mail.body}`;
      for (const secret of forbidden)
        expect(text.toLowerCase(), `"${secret}" in mail "${mail.subject}"`).not.toContain(secret.toLowerCase());
      expect(text).not.toMatch(/GEHEIM/i);
    }
  });
});
