import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { actAs, createIncident, makeOrganisation, makeUser, referenceOf } from '../../../test/factories.js';
import { buildTestServer, signIn } from '../../../test/http.js';
import { askConsultation } from '../../domain/consultation/consult.js';
import { decideMeasure, proposeMeasure, recordHearing } from '../../domain/measure/handle-measure.js';
import { proposeSchema } from '../../domain/measure/measure.schema.js';
import { amsterdamToday } from '../../time/amsterdam.js';

const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));
const section = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</section>', start));
};
const plusDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('the start page is the work list of the person who opens it (issue 10 §1)', () => {
  let t: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('puts a proposed ban before the mayor as a decision, with a message saying who proposed it, though routing never took the case to them', async () => {
    const org = await makeOrganisation(t.db, 'Gemeente Besluit');
    const employee = await makeUser(t.db, org, ['employee'], 'Medewerker Mees');
    const adviser = await makeUser(t.db, org, ['security_adviser'], 'Adviseur Ada');
    const mayor = await makeUser(t.db, org, ['mayor'], 'Burgemeester Bram');
    const incidentId = await createIncident(
      t.db,
      { user: employee, organisation: org },
      { perpetrator: { kind: 'person', name: 'Kees Balie' } },
    );
    const reference = await referenceOf(t.db, org, incidentId);
    const asMayor = await signIn(app, mayor.email);
    // An employee's incident is not the mayor's: not routed, not on their page.
    expect((await asMayor.get(`/incidents/${incidentId}`)).statusCode).toBe(404);
    expect(section((await asMayor.get('/')).body, 'work-decisions')).toBe('');

    const measureId = await actAs(t.db, { user: adviser, organisation: org }, (tx, me) =>
      proposeMeasure(
        tx,
        me,
        incidentId,
        proposeSchema.parse({
          kind: 'ban',
          reasons: 'Herhaalde bedreiging aan de balie.',
          startsOn: amsterdamToday(),
          endsOn: plusDays(60),
        }),
      ),
    );

    const home = await asMayor.get('/');
    const decisions = section(home.body, 'work-decisions');
    expect(decisions).toContain('Besluit over een maatregel');
    expect(decisions).toContain(reference);
    expect(decisions).toContain(`/incidents/${incidentId}/measures`);
    // The mayor can now open the case they must decide.
    expect((await asMayor.get(`/incidents/${incidentId}/measures`)).statusCode).toBe(200);
    const inbox = main((await asMayor.get('/inbox')).body);
    expect(inbox).toContain(`Maatregel voorgesteld bij melding ${reference}`);
    expect(inbox).toContain('door Adviseur Ada');

    // Deciding closes the task, and the adviser hears of the decision, by whom.
    await actAs(t.db, { user: adviser, organisation: org }, (tx, me) =>
      recordHearing(tx, me, measureId, { hearing: 'heard', statement: 'Hij zegt dat hij boos was.' }),
    );
    await actAs(t.db, { user: mayor, organisation: org }, (tx, me) => decideMeasure(tx, me, measureId, { note: null }));
    expect(section((await asMayor.get('/')).body, 'work-decisions')).toBe('');
    const adviserInbox = main((await (await signIn(app, adviser.email)).get('/inbox')).body);
    expect(adviserInbox).toContain(`Maatregel besloten bij melding ${reference}`);
    expect(adviserInbox).toContain('door Burgemeester Bram');
  });

  it('asks the deciders who handle the case already, and gives nobody else access', async () => {
    const org = await makeOrganisation(t.db, 'Gemeente Waarschuwing');
    const alderman = await makeUser(t.db, org, ['alderman'], 'Wethouder Wim');
    const adviser = await makeUser(t.db, org, ['security_adviser'], 'Adviseur Ada');
    const mayor = await makeUser(t.db, org, ['mayor'], 'Burgemeester Bram');
    const secretary = await makeUser(t.db, org, ['municipal_secretary'], 'Secretaris Sien');
    const incidentId = await createIncident(t.db, { user: alderman, organisation: org });
    const before = await t.admin.query('SELECT user_id FROM incident_access WHERE incident_id = $1 ORDER BY user_id', [incidentId]);
    await actAs(t.db, { user: adviser, organisation: org }, (tx, me) =>
      proposeMeasure(tx, me, incidentId, proposeSchema.parse({ kind: 'written_warning', reasons: 'Eerste keer.' })),
    );
    const after = await t.admin.query('SELECT user_id FROM incident_access WHERE incident_id = $1 ORDER BY user_id', [incidentId]);
    expect(after.rows).toEqual(before.rows);
    const owners = await t.admin.query("SELECT owner_ids FROM deadline WHERE incident_id = $1 AND kind = 'measure_decision'", [incidentId]);
    const handling = new Set(before.rows.map((r: { user_id: string }) => r.user_id));
    const expected = [mayor.id, secretary.id].filter((id) => handling.has(id)).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect([...(owners.rows[0].owner_ids as string[])].sort()).toEqual(expected);
    // The alderman (affected) does not decide and gets no task.
    expect(section((await (await signIn(app, alderman.email)).get('/')).body, 'work-decisions')).toBe('');
  });

  it("shows a reporter their own reports with what happened since, a handler the new ones and the questions waiting, and nobody another's", async () => {
    const org = await makeOrganisation(t.db, 'Gemeente Werklijst');
    const councillor = await makeUser(t.db, org, ['council_member'], 'Raadslid Roos');
    const clerk = await makeUser(t.db, org, ['clerk'], 'Griffier Gijs');
    const other = await makeUser(t.db, org, ['council_member'], 'Raadslid Ruud');
    const incidentId = await createIncident(t.db, { user: councillor, organisation: org });
    const reference = await referenceOf(t.db, org, incidentId);
    await actAs(t.db, { user: other, organisation: org }, (tx, me) =>
      askConsultation(tx, me, { question: 'Gaat dit over de grens?', ask: ['clerk'] }),
    );

    const reporterHome = main((await (await signIn(app, councillor.email)).get('/')).body);
    const own = section(reporterHome, 'work-own');
    expect(own).toContain(reference);
    expect(own).toMatch(/\d+ stappen?|1 stap/);

    const clerkHome = (await (await signIn(app, clerk.email)).get('/')).body;
    expect(section(clerkHome, 'work-look')).toContain(reference);
    expect(section(clerkHome, 'work-consult')).toContain('Vraag van Raadslid Ruud');
    // Once opened, the incident is no longer new to look at.
    const asClerk = await signIn(app, clerk.email);
    await asClerk.get(`/incidents/${incidentId}`);
    expect(section((await asClerk.get('/')).body, 'work-look')).not.toContain(reference);

    // Ruud has nothing of Roos's on his page, and the asker is not asked his own question.
    const otherHome = main((await (await signIn(app, other.email)).get('/')).body);
    expect(otherHome).not.toContain(reference);
    expect(section(otherHome, 'work-consult')).toBe('');
  });

  it('marks what is overdue with how late, and what is due today', async () => {
    const org = await makeOrganisation(t.db, 'Gemeente Termijn');
    const councillor = await makeUser(t.db, org, ['council_member']);
    const adviser = await makeUser(t.db, org, ['security_adviser']);
    const incidentId = await createIncident(t.db, { user: councillor, organisation: org });
    await t.admin.query(
      `INSERT INTO deadline (organisation_id, incident_id, kind, owner_ids, due_at, remind_at, state, created_at)
       VALUES ($1, $2, 'police_report', ARRAY[$3::uuid], now() - interval '3 days', now() - interval '4 days', 'overdue', now() - interval '5 days')`,
      [org.id, incidentId, adviser.id],
    );
    await t.admin.query(
      `INSERT INTO deadline (organisation_id, incident_id, kind, owner_ids, due_at, remind_at, state, created_at)
       VALUES ($1, $2, 'labour_inspectorate', ARRAY[$3::uuid], now(), now(), 'open', now() - interval '1 day')`,
      [org.id, incidentId, adviser.id],
    );
    const duties = section((await (await signIn(app, adviser.email)).get('/')).body, 'work-duties');
    expect(duties).toContain('wb-overdue');
    expect(duties).toContain('3 dagen');
    expect(duties).toMatch(/Arbeidsinspectie[\s\S]*class="wb-today">Vandaag/);
  });

  it("gives a new organisation's administrator a getting-started list instead of an empty page, and nobody else", async () => {
    const org = await makeOrganisation(t.db, 'Gemeente Nieuw');
    const admin = await makeUser(t.db, org, ['admin'], 'Beheerder Bea');
    const home = main((await (await signIn(app, admin.email)).get('/')).body);
    expect(section(home, 'getting-started')).toContain('/people/new');
    expect(section(home, 'getting-started')).toContain('/settings/routing');
    const employee = await makeUser(t.db, org, ['employee']);
    const employeeHome = main((await (await signIn(app, employee.email)).get('/')).body);
    expect(section(employeeHome, 'getting-started')).toBe('');
    expect(employeeHome).toContain('Er wacht nu niets op u.');
    // Two people now: that step is ticked.
    const again = section((await (await signIn(app, admin.email)).get('/')).body, 'getting-started');
    expect(again).toMatch(/\/people\/new">[^<]+<\/a> — gedaan/);
  });
});
