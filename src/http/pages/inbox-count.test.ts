import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { createIncident, makeOrganisation, makeUser, referenceOf } from '../../../test/factories.js';
import { withOrganisation } from '../../db/database.js';
import { notify } from '../../domain/notification/notify.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { buildTestServer, signIn, type Browser } from '../../../test/http.js';

/** Issue 10 §1: an unread count in the navigation ("Berichten 2"), so a person sees that something waits. */
describe('the unread count beside Inbox', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let clerk: Browser;
  let councillor: Browser;
  let orgId: string;
  let clerkId: string;
  const incidents: string[] = [];

  const countIn = (html: string) =>
    /href="\/inbox"[^>]*>[^<]*<span class="wb-count">(\d+)<span class="wb-visually-hidden"> ongelezen<\/span>/.exec(html)?.[1];

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    const org = await makeOrganisation(t.db, 'Gemeente Teller');
    orgId = org.id;
    const clerkUser = await makeUser(t.db, org, ['clerk']);
    clerkId = clerkUser.id;
    await makeUser(t.db, org, ['security_adviser']);
    const councillorUser = await makeUser(t.db, org, ['council_member']);
    clerk = await signIn(app, clerkUser.email);
    councillor = await signIn(app, councillorUser.email);
    // Two reports by the council member reach the clerk.
    incidents.push(await createIncident(t.db, { user: councillorUser, organisation: org }, { occurredAt: '2026-11-20T14:30:00+01:00' }));
    incidents.push(
      await createIncident(
        t.db,
        { user: councillorUser, organisation: org },
        { occurredAt: '2026-11-21T14:30:00+01:00', channel: 'email' },
      ),
    );
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('counts what is unread on every page, and is gone once read', async () => {
    for (const url of ['/', '/incidents', '/report']) expect(countIn((await clerk.get(url)).body), url).toBe('2');
    const inbox = await clerk.get('/inbox');
    expect(countIn(inbox.body)).toBe('2');
    expect((await clerk.post('/inbox/read', {})).statusCode).toBe(303);
    const after = await clerk.get('/');
    expect(countIn(after.body)).toBeUndefined();
    expect(after.body).toContain('href="/inbox"');
  });

  it('shows nothing when nothing waits', async () => {
    const page = await councillor.get('/');
    expect(page.body).toContain('href="/inbox"');
    expect(page.body).not.toContain('wb-count');
  });

  it('groups what happened to one incident under it, saying which incident (reference, level, channel)', async () => {
    // A second update of the first incident for the clerk.
    await withOrganisation(t.db, orgId, (tx) => notify(tx, orgId, [clerkId], 'online_message_added', { incidentId: incidents[0] }));
    const html = (await clerk.get('/inbox')).body;
    const first = await referenceOf(t.db, { id: orgId } as Organisation, incidents[0]!);
    const second = await referenceOf(t.db, { id: orgId } as Organisation, incidents[1]!);
    // One item for the first incident, its two updates in a list beneath, and 1 of them unread.
    expect(html.match(new RegExp(`href="/incidents/${incidents[0]}"`, 'g'))).toHaveLength(1);
    expect(html).toContain(`Melding ${first} · Bedreiging of intimidatie · Sociale media</a>`);
    expect(html).toContain('1 ongelezen');
    expect(html).toContain(`Melding ${first} is bijgewerkt`);
    // The other incident's single item names it beside what happened.
    expect(html).toContain(`(Melding ${second} · Bedreiging of intimidatie · E-mail)`);
  });
});
