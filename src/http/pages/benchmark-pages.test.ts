import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation, makeUser } from '../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../test/http.js';
import { insertIncidents, insertPeople } from '../../bench/dataset.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { runBenchmarkRefresh } from '../../jobs/benchmark-refresh.js';

const SETTINGS = '/settings/benchmark';
const PAGE = '/insight/benchmark';
const year = new Date().getUTCFullYear();
const full = { participating: 'on', kind: 'municipality', sizeClass: '20k_50k', officeHolders: '30', employees: '400' };

describe('benchmark settings (administrator) and the benchmark page (security adviser)', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let asAdmin: Browser;
  let asAdviser: Browser;
  let asCouncillor: Browser;
  let asSecretary: Browser;
  let asOtherAdmin: Browser;
  const otherNames: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Eigen');
    const other = await makeOrganisation(t.db, 'Gemeente Anders');
    const people = await Promise.all([
      makeUser(t.db, org, ['admin']),
      makeUser(t.db, org, ['security_adviser']),
      makeUser(t.db, org, ['council_member']),
      makeUser(t.db, org, ['municipal_secretary']),
      makeUser(t.db, other, ['admin']),
    ]);
    [asAdmin, asAdviser, asCouncillor, asSecretary, asOtherAdmin] = (await Promise.all(people.map((u) => signIn(app, u.email)))) as [
      Browser,
      Browser,
      Browser,
      Browser,
      Browser,
    ];
    // Five other participating municipalities of the same size, with incidents this year, their profiles set as the owner.
    for (let i = 1; i <= 5; i++) {
      const o = await makeOrganisation(t.db, `Gemeente Deelnemer ${i}`);
      otherNames.push(o.name);
      const reporters = await insertPeople(t.owner, { organisationId: o.id, count: 2, role: 'council_member', prefix: `b-${o.slug}` });
      await insertIncidents(t.owner, {
        organisationId: o.id,
        count: 10 * i,
        reporterIds: reporters.map((r) => r.id),
        now: new Date(`${year}-06-30T12:00:00Z`),
        days: 30,
        seed: i,
      });
      await t.admin.query(
        `INSERT INTO benchmark_profile (organisation_id, participating, kind, size_class, office_holders, employees)
         VALUES ($1, true, 'municipality', '20k_50k', 25, 300)`,
        [o.id],
      );
    }
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('a signed-out visitor is sent to sign-in', async () => {
    const visitor = new Browser(app);
    for (const url of [SETTINGS, PAGE]) expect((await visitor.get(url)).headers.location, url).toMatch(/^\/sign-in/);
  });

  it('the settings are the administrator’s alone: 404 for the adviser, a council member and the secretary', async () => {
    expect((await asAdmin.get(SETTINGS)).statusCode).toBe(200);
    for (const b of [asAdviser, asCouncillor, asSecretary]) {
      expect((await b.get(SETTINGS)).statusCode).toBe(404);
      await b.get('/');
      expect((await b.post(SETTINGS, full)).statusCode).toBe(404);
    }
    expect((await t.admin.query('SELECT count(*)::int AS n FROM benchmark_profile WHERE organisation_id = $1', [org.id])).rows[0].n).toBe(
      0,
    );
  });

  it('the benchmark page is the adviser’s: 404 for the administrator, a council member and the secretary', async () => {
    for (const b of [asAdmin, asCouncillor, asSecretary]) expect((await b.get(PAGE)).statusCode).toBe(404);
  });

  it('before opting in the adviser reads how to take part', async () => {
    const page = await asAdviser.get(PAGE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('doet niet mee aan de benchmark');
    expect(page.body).not.toContain('<table');
  });

  it('opting in needs kind, size class and headcounts; the form says what is missing', async () => {
    await asAdmin.get(SETTINGS);
    const bad = await asAdmin.post(SETTINGS, { participating: 'on', officeHolders: 'veel' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Vul het aantal politieke ambtsdragers in');
    const missing = await asAdmin.post(SETTINGS, { participating: 'on', officeHolders: '30' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Kies de soort organisatie.');
    expect(missing.body).toContain('Kies de grootteklasse.');
  });

  it('the administrator opts in (audited); another organisation’s administrator sees their own, untouched settings', async () => {
    const saved = await asAdmin.post(SETTINGS, full);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${SETTINGS}?notice=settings.saved`);
    const again = await asAdmin.get(SETTINGS);
    expect(again.body).toContain('value="400"');
    expect(again.body).toMatch(/value="20k_50k"[^>]*checked/);
    const audited = await t.admin.query(
      "SELECT count(*)::int AS n FROM audit_event WHERE organisation_id = $1 AND action = 'benchmark.opt_in'",
      [org.id],
    );
    expect(audited.rows[0].n).toBe(1);
    const theirs = await asOtherAdmin.get(SETTINGS);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain('value="400"');
    expect(theirs.body).not.toMatch(/name="participating"[^>]*checked/);
  });

  it('after the daily count the adviser sees own figures beside the group of five, naming none of them', async () => {
    await runBenchmarkRefresh(t.db, new Date());
    const page = await asAdviser.get(`${PAGE}?year=${year}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Groep (5 andere organisaties)');
    expect(page.body).toContain('Meldingen over ambtsdragers, per politieke ambtsdrager');
    // 150 incidents over 125 office holders.
    expect(page.body).toContain('1,2');
    for (const name of otherNames) expect(page.body).not.toContain(name);
    expect(page.body).not.toContain('Gemeente Anders');
  });

  it('when one of the five opts out, the group figure is gone', async () => {
    await t.admin.query(
      `UPDATE benchmark_profile SET participating = false WHERE organisation_id = (SELECT id FROM organisation WHERE name = $1)`,
      [otherNames[0]],
    );
    const page = await asAdviser.get(`${PAGE}?year=${year}`);
    expect(page.body).toContain('minder dan 5 andere organisaties');
    expect(page.body).not.toContain('andere organisaties)');
  });
});
