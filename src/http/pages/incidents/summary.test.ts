import type { FastifyInstance } from 'fastify';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.js';
import { createIncident, makeOrganisation, makeUser, referenceOf } from '../../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../../test/http.js';

/** The case summary PDF for the file (issue 10 §4): what the incident page shows, to whoever may see it. */
describe('the case summary PDF', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let url: string;
  let reference: string;
  let adviser: Browser;
  let alderman: Browser;
  let stranger: Browser;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    const org = await makeOrganisation(t.db, 'Gemeente Dossier');
    const councillor = await makeUser(t.db, org, ['council_member'], 'Raadslid Rood');
    const adviserUser = await makeUser(t.db, org, ['security_adviser'], 'Adviseur Anna');
    const id = await createIncident(
      t.db,
      { user: councillor, organisation: org },
      { description: 'Bedreigd na de raadsvergadering bij de fietsenstalling.' },
    );
    reference = await referenceOf(t.db, org, id);
    url = `/incidents/${id}/summary.pdf`;
    adviser = await signIn(app, adviserUser.email);
    alderman = await signIn(app, (await makeUser(t.db, org, ['alderman'])).email);
    stranger = await signIn(app, (await makeUser(t.db, await makeOrganisation(t.db, 'Gemeente Elders'), ['security_adviser'])).email);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('holds the facts and the timeline as the page shows them, with who made it; the page links to it', async () => {
    const page = await adviser.get(url.replace('/summary.pdf', ''));
    expect(page.body).toContain(`href="${url}"`);
    const pdf = await adviser.get(url);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['cache-control']).toBe('private, no-store');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="${reference}-samenvatting.pdf"`);
    const { text } = await extractText(new Uint8Array(pdf.rawPayload), { mergePages: true });
    for (const expected of [
      `Samenvatting melding ${reference}`,
      'Gemeente Dossier',
      'door Adviseur Anna',
      'Bedreigd na de raadsvergadering bij de fietsenstalling.',
      'Raadslid Rood',
      'Tijdlijn',
      'Vertrouwelijk',
    ])
      expect(text).toContain(expected);
    const { rows } = await t.admin.query("SELECT count(*)::int AS n FROM audit_event WHERE action = 'incident.summary.read'");
    expect(rows[0].n).toBe(1);
  });

  it('does not exist for someone not informed of the incident, nor in another organisation (404); signed out goes to sign in', async () => {
    expect((await alderman.get(url)).statusCode).toBe(404);
    expect((await stranger.get(url)).statusCode).toBe(404);
    const visitor = new Browser(app);
    await visitor.get('/sign-in');
    const response = await visitor.get(url);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/sign-in\?next=/);
  });
});
