import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { createIncident, makeOrganisation, makeUser } from '../../../test/factories.js';
import { buildTestServer, signIn, type Browser } from '../../../test/http.js';

/** Issue 10 §1: an unread count in the navigation, so a person sees that something waits. */
describe('the unread count beside Inbox', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let clerk: Browser;
  let councillor: Browser;

  const countIn = (html: string) =>
    /href="\/inbox"[^>]*>[^<]*<span class="wb-count">(\d+)<span class="wb-visually-hidden"> ongelezen<\/span>/.exec(html)?.[1];

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    const org = await makeOrganisation(t.db, 'Gemeente Teller');
    const clerkUser = await makeUser(t.db, org, ['clerk']);
    await makeUser(t.db, org, ['security_adviser']);
    const councillorUser = await makeUser(t.db, org, ['council_member']);
    clerk = await signIn(app, clerkUser.email);
    councillor = await signIn(app, councillorUser.email);
    // Two reports by the council member reach the clerk.
    await createIncident(t.db, { user: councillorUser, organisation: org }, { occurredAt: '2026-11-20T14:30:00+01:00' });
    await createIncident(t.db, { user: councillorUser, organisation: org }, { occurredAt: '2026-11-21T14:30:00+01:00' });
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
});
