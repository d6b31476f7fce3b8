import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { createIncident, makeOrganisation, makeUser } from '../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../test/http.js';
import type { User } from '../../domain/user/user.js';

const DESCRIPTION = 'Bericht op Facebook van Jan Geheim: "we weten waar je woont".';

/** Issue 10 §1: each person's deadlines as a private iCalendar feed, with titles that carry no personal data. */
describe('the calendar feed', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let owner: User;
  let asOwner: Browser;

  const addressOn = (html: string) => /<code class="utrecht-code">(http[^<]+\.ics)<\/code>/.exec(html)?.[1];
  const fetchFeed = (address: string) => app.inject({ url: new URL(address).pathname });

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    const org = await makeOrganisation(t.db, 'Gemeente Agenda');
    const people = [
      await makeUser(t.db, org, ['clerk']),
      await makeUser(t.db, org, ['security_adviser']),
      await makeUser(t.db, org, ['mayor']),
    ];
    const councillor = await makeUser(t.db, org, ['council_member'], 'Raadslid Privé');
    await createIncident(t.db, { user: councillor, organisation: org }, { description: DESCRIPTION });
    // Whoever the protocol gave a duty to.
    const { rows } = await t.admin.query<{ owner: string }>('SELECT DISTINCT unnest(owner_ids)::text AS owner FROM deadline');
    owner = people.find((p) => rows.some((r) => r.owner === p.id))!;
    asOwner = await signIn(app, owner.email);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('is made on the account page and shown once; the feed lists the open duties by kind only', async () => {
    const page = await asOwner.get('/account/calendar');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Agenda-adres maken');
    const made = await asOwner.post('/account/calendar', {});
    expect(made.statusCode).toBe(200);
    const address = addressOn(made.body)!;
    expect(address).toMatch(/\/calendar\/wbcal_[A-Za-z0-9_-]{43}\.ics$/);
    // Shown once: the page afterwards says it is active, without the address.
    const later = await asOwner.get('/account/calendar');
    expect(later.body).toContain('Actief sinds');
    expect(addressOn(later.body)).toBeUndefined();

    const feed = await fetchFeed(address);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(feed.body).toContain('BEGIN:VCALENDAR');
    const events = feed.body.split('BEGIN:VEVENT').length - 1;
    const { rows } = await t.admin.query<{ n: string }>(
      `SELECT count(*) AS n FROM deadline WHERE $1::uuid = ANY(owner_ids) AND state IN ('open', 'overdue')`,
      [owner.id],
    );
    expect(events).toBe(Number(rows[0]!.n));
    expect(events).toBeGreaterThan(0);
    expect(feed.body).toMatch(/SUMMARY:Weerbaar: /);
    // Nothing of the incident or the people in it.
    for (const secret of ['Jan Geheim', 'Facebook', 'Raadslid Privé', 'M-0', owner.name]) expect(feed.body).not.toContain(secret);
    expect((await asOwner.get('/account/calendar')).body).toMatch(/Laatst opgehaald<\/dt>\s*<dd[^>]*>\d/);
  });

  it('a new address stops the old one; revoking stops it too; unknown addresses are not there', async () => {
    const first = addressOn((await asOwner.post('/account/calendar', {})).body)!;
    const second = addressOn((await asOwner.post('/account/calendar', {})).body)!;
    expect((await fetchFeed(first)).statusCode).toBe(404);
    expect((await fetchFeed(second)).statusCode).toBe(200);
    expect((await asOwner.post('/account/calendar/revoke', {})).statusCode).toBe(303);
    expect((await fetchFeed(second)).statusCode).toBe(404);
    expect((await app.inject('/calendar/wbcal_' + 'x'.repeat(43) + '.ics')).statusCode).toBe(404);
    expect((await app.inject('/calendar/anything')).statusCode).toBe(404);
  });

  it('stops working for someone no longer active', async () => {
    const address = addressOn((await asOwner.post('/account/calendar', {})).body)!;
    expect((await fetchFeed(address)).statusCode).toBe(200);
    await t.admin.query('UPDATE app_user SET active = false WHERE id = $1', [owner.id]);
    expect((await fetchFeed(address)).statusCode).toBe(404);
  });

  it('signed out, the page sends you to sign in', async () => {
    const visitor = new Browser(app);
    const page = await visitor.get('/account/calendar');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/sign-in\?next=/);
  });
});
