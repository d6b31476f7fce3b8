import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { Browser, buildTestServer, signIn } from '../../../test/http.js';

describe('first-visit setup', () => {
  let t: TestDatabase;
  let app: FastifyInstance;

  // Setup is for an installation without an organisation: each test has a new one of its own.
  beforeEach(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
  });
  afterEach(async () => {
    await app.close();
    await t.close();
  });

  it('the first visit leads to setup, which names every mistake and creates nothing half', async () => {
    const browser = new Browser(app);
    expect((await browser.get('/')).headers.location).toBe('/setup');
    const page = await browser.get('/setup');
    expect(page.statusCode).toBe(200);
    const bad = await browser.post('/setup', {
      orgName: '',
      slug: 'Niet Goed!',
      name: 'Beheerder',
      email: 'beheer@voorbeeld.nl',
      password: 'kort',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Vul de naam van de organisatie in');
    expect(bad.body).toContain('Gebruik 2 tot 63 kleine letters');
    expect(bad.body).toContain('Kies een wachtwoord van minstens 12 tekens');
    expect(bad.body).toContain('href="#field-orgName"');
    expect(bad.body).toContain('value="beheer@voorbeeld.nl"');
    const { rows } = await t.admin.query('SELECT count(*)::int AS n FROM organisation');
    expect(rows[0].n).toBe(0);
  });

  it('creates the organisation and its administrator once; afterwards the page is gone', async () => {
    const browser = new Browser(app);
    await browser.get('/setup');
    const done = await browser.post('/setup', {
      orgName: 'Gemeente Voorbeeld',
      slug: 'voorbeeld',
      name: 'A. Beheerder',
      email: 'Beheer@Voorbeeld.nl',
      password: 'een lang wachtwoord',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/sign-in?notice=setup.done');
    expect((await browser.get('/setup')).statusCode).toBe(404);
    expect(
      (await browser.post('/setup', { orgName: 'Tweede', slug: 'tweede', name: 'X', email: 'x@x.nl', password: 'een lang wachtwoord' }))
        .statusCode,
    ).toBe(404);
    expect((await browser.get('/')).headers.location).toMatch(/^\/sign-in/);

    const admin = await signIn(app, 'beheer@voorbeeld.nl', 'een lang wachtwoord');
    const people = await admin.get('/people');
    expect(people.statusCode).toBe(200);
    expect(people.body).toContain('Gemeente Voorbeeld');
    expect(people.body).toContain('Beheerder');
  });
});
