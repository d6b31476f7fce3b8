import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.js';
import { makeOrganisation, makeUser } from '../../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../../test/http.js';
import { amsterdamDay } from '../../../time/amsterdam.js';
import type { Organisation } from '../../../domain/organisation/organisation.js';
import type { User } from '../../../domain/user/user.js';

const report = {
  level: 'threat',
  occurredDate: '2026-11-20',
  occurredTime: '14:30',
  channel: 'face_to_face',
  description: 'Dreigde aan de balie.',
};
const today = amsterdamDay(new Date()).date;
const plusDays = (date: string, days: number) =>
  new Date(new Date(`${date}T12:00:00Z`).getTime() + days * 86_400_000).toISOString().slice(0, 10);
const dutch = (date: string) =>
  new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', dateStyle: 'long' }).format(new Date(`${date}T12:00:00Z`));

/** An organisation with the people of these tests, each signed in. */
interface Cast {
  org: Organisation;
  adviser: User;
  asAlderman: Browser;
  asMayor: Browser;
  asAdviser: Browser;
  asEmployee: Browser;
  asAdmin: Browser;
  asCouncillor: Browser;
}

describe('measure pages: the case, the front desk and the letter templates', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  /** The organisation most tests share; a test that changes what holds for all has one of its own. */
  let cast: Cast;
  let adviser: User;
  let asAlderman: Browser;
  let asMayor: Browser;
  let asAdviser: Browser;
  let asEmployee: Browser;
  let asCouncillor: Browser;

  const measureIds = async (incidentId: string) =>
    (await t.admin.query('SELECT id, kind FROM measure WHERE incident_id = $1 ORDER BY proposed_at, id', [incidentId])).rows as {
      id: string;
      kind: string;
    }[];

  async function castOf(): Promise<Cast> {
    const org = await makeOrganisation(t.db, 'Gemeente Ëlst');
    const alderman = await makeUser(t.db, org, ['alderman'], 'Wethouder Wit');
    const mayor = await makeUser(t.db, org, ['mayor'], 'Burgemeester Bruin');
    const adviser = await makeUser(t.db, org, ['security_adviser'], 'Adviseur Anna');
    await makeUser(t.db, org, ['municipal_secretary'], 'Secretaris Smit');
    const employee = await makeUser(t.db, org, ['employee'], 'Baliemedewerker Bas');
    const admin = await makeUser(t.db, org, ['admin'], 'Beheerder Blauw');
    const councillor = await makeUser(t.db, org, ['council_member'], 'Raadslid Rood');
    return {
      org,
      adviser,
      asAlderman: await signIn(app, alderman.email),
      asMayor: await signIn(app, mayor.email),
      asAdviser: await signIn(app, adviser.email),
      asEmployee: await signIn(app, employee.email),
      asAdmin: await signIn(app, admin.email),
      asCouncillor: await signIn(app, councillor.email),
    };
  }

  /** The alderman's report, with Piet Pieters linked from the register: each test has one of its own. */
  async function reported(c: Cast = cast) {
    await c.asAlderman.get('/report');
    const sent = await c.asAlderman.post('/report', { ...report, perpetratorKind: 'person', perpetratorName: 'Piet Pieters' });
    const incidentId = /\/incidents\/([0-9a-f-]{36})/.exec(sent.headers.location as string)![1]!;
    const perpetrator = (
      await t.admin.query(
        "INSERT INTO perpetrator (organisation_id, kind, name, created_by) VALUES ($1, 'person', 'Piet Pieters', $2) RETURNING id",
        [c.org.id, c.adviser.id],
      )
    ).rows[0].id;
    await t.admin.query(
      'INSERT INTO incident_perpetrator (organisation_id, incident_id, perpetrator_id, linked_by) VALUES ($1, $2, $3, $4)',
      [c.org.id, incidentId, perpetrator, c.adviser.id],
    );
    return { incidentId, page: `/incidents/${incidentId}/measures` };
  }

  /** The adviser's proposal of a two-week ban, as in the test of proposals; the measure's id. */
  async function proposedBan(incidentId: string, c: Cast = cast): Promise<string> {
    const page = `/incidents/${incidentId}/measures`;
    await c.asAdviser.get(page);
    const ok = await c.asAdviser.post(page, {
      kind: 'ban',
      startsOn: today,
      endsOn: plusDays(today, 14),
      advice: 'Toegangsverbod van twee weken',
      reasons: 'Tweede bedreiging binnen een maand.',
    });
    expect(ok.statusCode).toBe(303);
    const [ban] = await measureIds(incidentId);
    return ban!.id;
  }

  /** That ban heard and decided by the mayor, as in the test of the decision. */
  async function decidedBan(incidentId: string, c: Cast = cast): Promise<string> {
    const id = await proposedBan(incidentId, c);
    await c.asAdviser.get(`/incidents/${incidentId}/measures`);
    const heard = await c.asAdviser.post(`/measures/${id}/hearing`, {
      incident: incidentId,
      [`hearing-${id}`]: 'heard',
      [`statement-${id}`]: 'Hij was boos over een boete.',
    });
    expect(heard.statusCode).toBe(303);
    await c.asMayor.get(`/incidents/${incidentId}/measures`);
    const decided = await c.asMayor.post(`/measures/${id}/decide`, {
      incident: incidentId,
      [`decide-${id}`]: 'Twee weken is in verhouding.',
    });
    expect(decided.statusCode).toBe(303);
    await c.asAdviser.get(`/incidents/${incidentId}/measures`);
    const facts = await c.asAdviser.post(`/measures/${id}/facts`, {
      incident: incidentId,
      [`facts-${id}`]: 'U hebt een wethouder aan de balie bedreigd.',
    });
    expect(facts.statusCode).toBe(303);
    return id;
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    cast = await castOf();
    ({ adviser, asAlderman, asMayor, asAdviser, asEmployee, asCouncillor } = cast);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('a signed-out visitor is sent to sign-in', async () => {
    const { page } = await reported();
    const visitor = new Browser(app);
    for (const url of [page, '/bans', '/settings/letters', '/letters/00000000-0000-4000-8000-000000000000']) {
      const response = await visitor.get(url);
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location, url).toMatch(/^\/sign-in/);
    }
  });

  it("the page is for the incident's handlers: the affected alderman and others get 404", async () => {
    const { page } = await reported();
    expect((await asAlderman.get(page)).statusCode).toBe(404);
    expect((await asCouncillor.get(page)).statusCode).toBe(404);
    expect((await asEmployee.get(page)).statusCode).toBe(404);
    const own = await asAdviser.get(page);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Maatregelen bij melding M-');
    // The proposal form shows the norm level and the perpetrator's record beside the choice.
    expect(own.body).toContain('Normniveau van deze melding');
    expect(own.body).toContain('Bedreiging of intimidatie');
    expect(own.body).toContain('Voorgeschiedenis van Piet Pieters');
    expect(own.body).toContain('Eerste bekende incident van deze veroorzaker.');
    expect(own.body).toContain('Reactie aan de veroorzaker');
  });

  it('a proposal without reasons comes back with the message and what was typed', async () => {
    const { page } = await reported();
    await asAdviser.get(page);
    const bad = await asAdviser.post(page, {
      kind: 'ban',
      startsOn: today,
      endsOn: plusDays(today, 14),
      advice: 'Toegangsverbod van twee weken',
      reasons: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Leg vast waarom deze maatregel in verhouding staat tot het gedrag.');
    expect(bad.body).toContain('href="#field-reasons"');
    expect(bad.body).toContain('Toegangsverbod van twee weken');
    const ok = await asAdviser.post(page, {
      kind: 'ban',
      startsOn: today,
      endsOn: plusDays(today, 14),
      advice: 'Toegangsverbod van twee weken',
      reasons: 'Tweede bedreiging binnen een maand.',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${page}?saved=1`);
    const after = await asAdviser.get(ok.headers.location as string);
    expect(after.body).toContain('De maatregel is bijgewerkt.');
    expect(after.body).toContain('Toegangsverbod tot de gemeentelijke gebouwen — Voorgesteld');
    expect(after.body).toContain('Over een toegangsverbod besluit alleen de burgemeester.');
  });

  it('the mayor cannot decide before the hearing; after it, decides, and makes the letters', async () => {
    const { incidentId, page } = await reported();
    const id = await proposedBan(incidentId);
    await asMayor.get(page);
    const early = await asMayor.post(`/measures/${id}/decide`, { incident: incidentId, [`decide-${id}`]: '' });
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('Leg eerst hoor en wederhoor vast');
    expect(early.body).toContain(`href="#field-hearing-${id}"`);
    const noStatement = await asAdviser.post(`/measures/${id}/hearing`, {
      incident: incidentId,
      [`hearing-${id}`]: 'heard',
      [`statement-${id}`]: '',
    });
    expect(noStatement.statusCode).toBe(400);
    expect(noStatement.body).toContain('Schrijf op wat de veroorzaker zei');
    expect(
      (
        await asAdviser.post(`/measures/${id}/hearing`, {
          incident: incidentId,
          [`hearing-${id}`]: 'heard',
          [`statement-${id}`]: 'Hij was boos over een boete.',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (await asMayor.post(`/measures/${id}/decide`, { incident: incidentId, [`decide-${id}`]: 'Twee weken is in verhouding.' })).statusCode,
    ).toBe(303);
    const decided = await asMayor.get(page);
    expect(decided.body).toContain('Toegangsverbod tot de gemeentelijke gebouwen — Besloten');
    expect(decided.body).toContain('Hij was boos over een boete.');
    expect(decided.body).toContain('Burgemeester Bruin');
    // No facts written for the letter yet: no letter buttons, a message, and the facts form open.
    expect(decided.body).not.toContain('Brief maken (Word)');
    expect(decided.body).toContain('Schrijf eerst de feiten voor de brief');
    expect(decided.body).toMatch(/Uiterlijk .* — Gedaan/);
    // Several measures' forms share the page: every id on it is its own.
    const ids = [...decided.body.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(10);
    expect(new Set(ids).size).toBe(ids.length);

    // Sent anyway (a page from before): refused with the message at the facts field, nothing made.
    const withoutFacts = await asMayor.post(`/measures/${id}/letters`, { incident: incidentId, format: 'docx' });
    expect(withoutFacts.statusCode).toBe(409);
    expect(withoutFacts.body).toContain('Een brief kan pas worden gemaakt als de feiten voor de brief zijn geschreven.');
    expect(withoutFacts.body).toContain(`href="#field-facts-${id}"`);
    const blank = await asMayor.post(`/measures/${id}/facts`, { incident: incidentId, [`facts-${id}`]: ' ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('Schrijf de feiten voor de brief.');
    await asMayor.get(page);
    const written = await asMayor.post(`/measures/${id}/facts`, {
      incident: incidentId,
      [`facts-${id}`]: 'U hebt op 20 november een wethouder aan de balie bedreigd.',
    });
    expect(written.statusCode).toBe(303);
    expect((await asMayor.get(page)).body).toContain('Brief maken (Word)');
    expect((await asMayor.post(`/measures/${id}/letters`, { incident: incidentId, format: 'docx' })).statusCode).toBe(303);
    const withLetter = await asMayor.get(page);
    const href = /href="(\/letters\/[0-9a-f-]{36})"/.exec(withLetter.body)?.[1];
    expect(href).toBeDefined();
    const file = await asMayor.get(href!);
    expect(file.statusCode).toBe(200);
    const xml = await (await JSZip.loadAsync(file.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('Piet Pieters');
    expect(xml).toContain(dutch(plusDays(today, 14)));
    expect(xml).toContain('U hebt op 20 november een wethouder aan de balie bedreigd.');
    expect(xml).not.toContain(report.description);
    expect((await asAlderman.get(href!)).statusCode).toBe(404);
    const wrong = await asMayor.post(`/measures/${id}/letters`, { incident: incidentId, format: 'rtf' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Kies Word of pdf.');
  });

  it('the front desk sees who may not enter and until when, nothing about the incident', async () => {
    const { incidentId } = await reported();
    await decidedBan(incidentId);
    const desk = await asEmployee.get('/bans');
    expect(desk.statusCode).toBe(200);
    expect(desk.body).toContain('Piet Pieters');
    expect(desk.body).toContain(`<time datetime="${plusDays(today, 14)}">${dutch(plusDays(today, 14))}</time>`);
    for (const secret of ['M-0', incidentId, 'Tweede bedreiging', 'Dreigde', 'Wethouder Wit', 'boete'])
      expect(desk.body).not.toContain(secret);
    expect((await asAlderman.get('/bans')).statusCode).toBe(404);
    expect((await asCouncillor.get('/bans')).statusCode).toBe(404);
  });

  it('administrators edit the letter templates; new letters use the new text', async () => {
    // The templates hold for the whole organisation: they are changed in one of its own, so no
    // other test's letters follow them. Its ban is decided and has a letter already.
    const own = await castOf();
    const { asMayor, asAdmin } = own;
    const { incidentId, page } = await reported(own);
    const banId = await decidedBan(incidentId, own);
    await asMayor.get(page);
    expect((await asMayor.post(`/measures/${banId}/letters`, { incident: incidentId, format: 'docx' })).statusCode).toBe(303);
    expect((await asMayor.get('/settings/letters')).statusCode).toBe(404);
    const settings = await asAdmin.get('/settings/letters');
    expect(settings.statusCode).toBe(200);
    expect(settings.body).toContain('{einddatum}');
    expect(settings.body).toContain('Dit is de standaardtekst.');
    const bad = await asAdmin.post('/settings/letters', {
      kind: 'ban_decision',
      'subject-ban_decision': 'Besluit',
      'body-ban_decision': 'U mag tot {eindatum} niet komen.',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('invulveld dat niet bestaat');
    expect(bad.body).toContain('href="#field-body-ban_decision"');
    const saved = await asAdmin.post('/settings/letters', {
      kind: 'ban_decision',
      'subject-ban_decision': 'Ontzegging gebouwen {gemeente}',
      'body-ban_decision': 'Beste {naam},\r\n\r\nU komt tot en met {einddatum} niet in het stadhuis van {gemeente}.\r\n\r\nDe burgemeester',
    });
    expect(saved.headers.location).toBe('/settings/letters?saved=1');
    expect((await asAdmin.get('/settings/letters?saved=1')).body).toContain('Het sjabloon is opgeslagen.');

    await asMayor.get(page);
    await asMayor.post(`/measures/${banId}/letters`, { incident: incidentId, format: 'docx' });
    const letters = (await t.admin.query('SELECT id FROM letter WHERE measure_id = $1 ORDER BY created_at', [banId])).rows;
    const newest = await asMayor.get(`/letters/${letters.at(-1).id}`);
    const xml = await (await JSZip.loadAsync(newest.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('Ontzegging gebouwen Gemeente Ëlst');
    expect(xml).toContain(`U komt tot en met ${dutch(plusDays(today, 14))} niet in het stadhuis van Gemeente Ëlst.`);
    expect(xml).not.toContain('Bezwaar');
    // The earlier letter stays as it was made.
    const first = await asMayor.get(`/letters/${letters[0].id}`);
    expect(await (await JSZip.loadAsync(first.rawPayload)).file('word/document.xml')!.async('string')).toContain('Bezwaar');

    await asAdmin.get('/settings/letters');
    expect((await asAdmin.post('/settings/letters/reset', { kind: 'ban_decision' })).statusCode).toBe(303);
    expect((await asAdmin.get('/settings/letters')).body).not.toContain('Ontzegging gebouwen');
  });

  it('the mayor lifts the ban early; the desk list empties', async () => {
    // The desk list holds every ban of the organisation: this one's organisation has only this ban.
    const own = await castOf();
    const { asAdviser, asMayor, asEmployee } = own;
    const { incidentId, page } = await reported(own);
    const banId = await decidedBan(incidentId, own);
    await asAdviser.get(page);
    expect((await asAdviser.post(`/measures/${banId}/end`, { incident: incidentId })).statusCode).toBe(404);
    await asMayor.get(page);
    expect((await asMayor.post(`/measures/${banId}/end`, { incident: incidentId })).statusCode).toBe(303);
    expect((await asMayor.get(page)).body).toContain('Toegangsverbod tot de gemeentelijke gebouwen — Beëindigd');
    expect((await asEmployee.get('/bans')).body).toContain('Er zijn nu geen toegangsverboden.');
  });

  it('the pages are in English too', async () => {
    // A ban that was decided and then ended, seen in a session of this test's own.
    const { incidentId, page } = await reported();
    const id = await decidedBan(incidentId);
    await asMayor.get(page);
    expect((await asMayor.post(`/measures/${id}/end`, { incident: incidentId })).statusCode).toBe(303);
    const asAdviser = await signIn(app, adviser.email);
    await asAdviser.get('/lang/en');
    const english = await asAdviser.get(page);
    expect(english.body).toContain('Measures for incident M-');
    expect(english.body).toContain('Propose a measure');
    expect(english.body).toContain('Ban from municipal buildings — Ended');
  });
});
