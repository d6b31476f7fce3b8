import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { actAs, createIncident, makeOrganisation, makeUser, referenceOf } from '../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../test/http.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { linkPerpetrator } from '../../domain/perpetrator/link-perpetrator.js';
import { createPerpetrator } from '../../domain/perpetrator/manage-perpetrator.js';
import { newPerpetratorSchema } from '../../domain/perpetrator/perpetrator.schema.js';
import { numberIn } from '../../domain/search/search.js';

/** Issue 10 §1: one search box over the incidents a person may see, Dutch full-text and trigram, the access table applied. */
describe('search', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let asClerk: Browser;
  let asAdviser: Browser;
  let asCouncillor: Browser;
  const ids: string[] = [];

  const found = async (who: Browser, q: string) => {
    const page = await who.get(`/search?q=${encodeURIComponent(q)}`);
    expect(page.statusCode).toBe(200);
    return [...page.body.matchAll(/href="\/incidents\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Zoek');
    const clerk = await makeUser(t.db, org, ['clerk']);
    const adviser = await makeUser(t.db, org, ['security_adviser']);
    const councillor = await makeUser(t.db, org, ['council_member']);
    const employee = await makeUser(t.db, org, ['employee']);
    const as = (user: typeof clerk) => ({ user, organisation: org });
    ids.push(
      await createIncident(t.db, as(councillor), {
        description: 'Bedreigingen via Facebook na de raadsvergadering over de opvang.',
        place: 'Stadhuis',
      }),
      await createIncident(t.db, as(councillor), { description: 'Scheldpartij aan de telefoon.', place: 'Publiekshal', channel: 'phone' }),
      // An employee's report goes to their manager and the adviser, not to the clerk.
      await createIncident(t.db, as(employee), { description: 'Geduw bij het loket van de vergunningen.', channel: 'face_to_face' }),
    );
    await actAs(t.db, as(adviser), async (tx, me) => {
      const perpetratorId = await createPerpetrator(
        tx,
        me,
        newPerpetratorSchema.parse({ kind: 'person', name: 'Pieter Bakker', emails: ['p.bakker@example.test'], incidentId: ids[1] }),
      );
      await linkPerpetrator(tx, me, ids[0]!, { perpetratorId });
    });
    asClerk = await signIn(app, clerk.email);
    asAdviser = await signIn(app, adviser.email);
    asCouncillor = await signIn(app, councillor.email);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('reads a number as people write it', () => {
    expect(['M-00073', 'm73', ' 73 ', 'M 73'].map(numberIn)).toEqual([73, 73, 73, 73]);
    expect(numberIn('raad 73')).toBeUndefined();
  });

  it('finds by number, by a word in another form (Dutch stemming), and by part of a word', async () => {
    const reference = await referenceOf(t.db, org, ids[1]!);
    expect(await found(asClerk, reference)).toEqual([ids[1]]);
    expect(await found(asClerk, 'bedreiging')).toEqual([ids[0]]);
    expect(await found(asClerk, 'Publieks')).toEqual([ids[1]]);
    expect(await found(asClerk, 'Faceboo')).toEqual([ids[0]]);
    const page = await asClerk.get(`/search?q=${encodeURIComponent(reference)}`);
    expect(page.body).toMatch(/<td[^>]*>Nummer<\/td>/);
  });

  it('finds by a linked perpetrator only for those who may read the register', async () => {
    expect((await found(asAdviser, 'Bakker')).sort()).toEqual([ids[0], ids[1]].sort());
    expect(await found(asAdviser, 'p.bakker@example.test')).toHaveLength(2);
    expect(await found(asClerk, 'Bakker')).toEqual([]);
  });

  it('never finds what the person may not see: another role’s incident, another organisation', async () => {
    expect(await found(asClerk, 'loket')).toEqual([]);
    expect(await found(asAdviser, 'loket')).toEqual([ids[2]]);
    expect(await found(asCouncillor, 'loket')).toEqual([]);
    const other = await makeOrganisation(t.db, 'Gemeente Elders');
    const stranger = await signIn(app, (await makeUser(t.db, other, ['security_adviser', 'clerk', 'mayor'])).email);
    for (const q of ['bedreiging', 'Bakker', 'loket', await referenceOf(t.db, org, ids[0]!)]) expect(await found(stranger, q)).toEqual([]);
  });

  it('says when nothing is found, is audited without what was asked, and is in the header of every page', async () => {
    const page = await asClerk.get('/search?q=onvindbaarwoord');
    expect(page.body).toContain('Geen meldingen gevonden voor &quot;onvindbaarwoord&quot; die u kunt zien.');
    const { rows } = await t.admin.query<{ object_id: string | null }>(
      "SELECT object_id FROM audit_event WHERE action = 'incident.search.list'",
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain('onvindbaarwoord');
    expect((await asClerk.get('/')).body).toContain('<form method="get" action="/search" role="search"');
  });

  it('signed out, sends to sign in', async () => {
    const page = await new Browser(app).get('/search?q=bedreiging');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/sign-in\?next=/);
  });
});
