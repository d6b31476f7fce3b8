import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeCaller, reportBody, type ApiCaller } from '../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { makeOrganisation } from '../../test/factories.js';
import { buildTestServer, signIn, type Browser } from '../../test/http.js';
import { changedTables, writeFingerprint } from '../../test/writes.js';
import type { Organisation } from '../domain/organisation/organisation.js';
import { ROLES } from '../domain/user/roles.js';

const NUL = 'a\u0000b';
const CONTROL_MESSAGE = 'Deze tekst bevat een onzichtbaar stuurteken';
// A 1×1 JPEG (the start of one is all file-type reads).
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(64), Buffer.from('ffd9', 'hex')]);

function multipart(fileName: string, content: Buffer) {
  const boundary = '----weerbaartest';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: image/jpeg\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * Issue 12, findings 7, 13 and 14: inputs that answered 500 or were taken as they came. Each
 * is refused with 400, an error id and the field it is about, and leaves nothing behind.
 */
describe('input that cannot be taken as it is', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let everyone: ApiCaller;
  /** Another person with every role: handles the case the first one reported (nobody handles their own damage). */
  let handler: ApiCaller;
  let fingerprint: Record<string, string>;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db);
    everyone = await makeCaller(app, t.db, org, [...ROLES], 'Alle Rollen');
    handler = await makeCaller(app, t.db, org, [...ROLES], 'Behandelaar');
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const report = async (overrides: Record<string, unknown> = {}) => {
    const response = await everyone.post(
      '/api/v1/incidents',
      reportBody({ perpetrator: { kind: 'person', name: 'Piet Dader' }, ...overrides }),
    );
    expect(response.statusCode).toBe(201);
    return response.json().id as string;
  };
  const remember = async () => {
    fingerprint = await writeFingerprint(t.admin, org.id);
  };
  /** The answer is a 400 naming the field, and nothing changed since `remember`. */
  const refused = async (response: { statusCode: number; json: () => unknown }, field: string, message?: string) => {
    expect(response.statusCode).toBe(400);
    const error = (response.json() as { error: { id: string; fields?: Record<string, string> } }).error;
    expect(error.id).toBe('validation_failed');
    expect(Object.keys(error.fields ?? {})).toContain(field);
    if (message) expect(error.fields?.[field]).toContain(message);
    expect(changedTables(fingerprint, await writeFingerprint(t.admin, org.id))).toEqual([]);
  };

  describe('a NUL character (finding 7)', () => {
    let incidentId: string;
    beforeEach(async () => {
      incidentId = await report();
      await remember();
    });

    it('in the description or the place of a report', async () => {
      await refused(await everyone.post('/api/v1/incidents', reportBody({ description: NUL })), 'description', CONTROL_MESSAGE);
      await refused(await everyone.post('/api/v1/incidents', reportBody({ place: NUL })), 'place', CONTROL_MESSAGE);
    });

    it("in a perpetrator's name or notes", async () => {
      await refused(await everyone.post('/api/v1/perpetrators', { kind: 'person', name: NUL }), 'name', CONTROL_MESSAGE);
      await refused(await everyone.post('/api/v1/perpetrators', { kind: 'person', name: 'Piet', notes: NUL }), 'notes', CONTROL_MESSAGE);
    });

    it('in a contact, a consultation, an online message and a close reason', async () => {
      await refused(await everyone.post('/api/v1/contacts', { name: NUL }), 'name', CONTROL_MESSAGE);
      await refused(await everyone.post('/api/v1/consultations', { question: NUL, ask: ['mayor'] }), 'question', CONTROL_MESSAGE);
      await refused(
        await everyone.post(`/api/v1/incidents/${incidentId}/online-messages`, { sentAt: new Date().toISOString(), content: NUL }),
        'content',
        CONTROL_MESSAGE,
      );
      await refused(await everyone.post(`/api/v1/incidents/${incidentId}/status`, { transition: 'close', reason: NUL }), 'reason');
    });

    it('in a search (?q=)', async () => {
      await refused(await everyone.get('/api/v1/perpetrators?q=%00'), 'q', CONTROL_MESSAGE);
      await refused(await everyone.get(`/api/v1/incidents/${incidentId}/perpetrators?q=Piet%00`), 'q', CONTROL_MESSAGE);
    });

    it('in an array item, a nested field and a field name', async () => {
      await refused(await everyone.post('/api/v1/incidents', reportBody({ behaviours: [NUL] })), 'behaviours.0');
      await refused(
        await everyone.post('/api/v1/incidents', reportBody({ perpetrator: { kind: 'person', name: NUL } })),
        'perpetrator.name',
      );
      await refused(await everyone.post('/api/v1/incidents', { ...reportBody(), [NUL]: 'x' }), '_');
    });

    it('and half a surrogate pair, which no text has', async () => {
      await refused(
        await everyone.post('/api/v1/incidents', reportBody({ description: 'kapot \ud800 teken' })),
        'description',
        CONTROL_MESSAGE,
      );
    });
  });

  describe('amounts and ids that do not fit (finding 7)', () => {
    let incidentId: string;
    beforeEach(async () => {
      incidentId = await report({ level: 'physical_violence', behaviours: ['hitting'], channel: 'face_to_face' });
      await remember();
    });

    it('refuses 3·10⁹ cents and more, wherever an amount is asked', async () => {
      for (const amount of [3e9, 2 ** 31, 1e20]) {
        await refused(
          await everyone.post(`/api/v1/incidents/${incidentId}/security-measures`, {
            description: 'Camera bij de voordeur',
            advisedBy: 'police',
            ownCostCents: amount,
          }),
          'ownCostCents',
        );
        await refused(
          await everyone.post(`/api/v1/incidents/${incidentId}/damage`, { kind: 'material', description: 'Jas', amountCents: amount }),
          'amountCents',
        );
      }
    });

    it('answers a path that names no incident as not found, with an error id (a value that is not an id names nothing)', async () => {
      const response = await everyone.post('/api/v1/incidents/not-a-uuid/status', { transition: 'start' });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.id).toBe('not_found');
      expect(changedTables(fingerprint, await writeFingerprint(t.admin, org.id))).toEqual([]);
    });

    it('refuses a multipart upload without a boundary', async () => {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/incidents/${incidentId}/evidence`,
        headers: { authorization: everyone.authorization, 'content-type': 'multipart/form-data' },
        payload: 'niet echt multipart',
      });
      await refused(response, 'file', 'Het bestand kwam niet goed aan');
    });
  });

  describe('odd values (finding 13)', () => {
    let incidentId: string;
    beforeEach(async () => {
      incidentId = await report({ level: 'physical_violence', behaviours: ['hitting'], channel: 'face_to_face' });
      await remember();
    });

    it('refuses a description of zero-width characters only, as an empty one', async () => {
      for (const description of ['\u200B\u200B\u200B', '\u200D\uFEFF\u2060', ' \u200E\u200F ', '\u3164'])
        await refused(await everyone.post('/api/v1/incidents', reportBody({ description })), 'description', 'Beschrijf wat er gebeurde.');
      // Something a reader sees, with a zero-width joiner inside (an emoji), is a description.
      expect((await everyone.post('/api/v1/incidents', reportBody({ description: 'Bedreigd 👩‍👧' }))).statusCode).toBe(201);
    });

    it('takes an amount only as a whole number of cents, never coerced from "", true or [5]', async () => {
      for (const amountCents of ['', true, [5], '125', 12.5, -1, null])
        await refused(
          await everyone.post(`/api/v1/incidents/${incidentId}/damage`, { kind: 'material', description: 'Jas', amountCents }),
          'amountCents',
          'eurocenten',
        );
      for (const ownCostCents of ['', true, [5]])
        await refused(
          await everyone.post(`/api/v1/incidents/${incidentId}/security-measures`, {
            description: 'Camera',
            advisedBy: 'police',
            ownCostCents,
          }),
          'ownCostCents',
        );
    });

    it('refuses more paid than the damage itself', async () => {
      await refused(
        await handler.post(`/api/v1/incidents/${incidentId}/damage`, {
          kind: 'material',
          description: 'Jas',
          amountCents: 100,
          paidCents: 101,
        }),
        'paidCents',
        'niet meer betaald',
      );
      const item = await handler.post(`/api/v1/incidents/${incidentId}/damage`, {
        kind: 'material',
        description: 'Jas',
        amountCents: 100,
      });
      expect(item.statusCode).toBe(201);
      await remember();
      const damageId = item.json().id as string;
      const paid = (paidCents: number) =>
        handler.put(`/api/v1/damage/${damageId}`, {
          kind: 'material',
          description: 'Jas',
          amountCents: 100,
          claimedOn: '2026-11-21',
          paidCents,
        });
      await refused(await paid(250), 'paidCents');
      expect((await paid(100)).statusCode).toBe(200);
    });

    it('refuses a ban from year 1 to 9999, and dates outside 2000 up to five years ahead', async () => {
      const ban = (startsOn: string, endsOn: string) =>
        everyone.post(`/api/v1/incidents/${incidentId}/measures`, { kind: 'ban', reasons: 'Sloeg de wethouder.', startsOn, endsOn });
      await refused(await ban('0001-01-01', '9999-12-31'), 'startsOn', 'vanaf 1 januari 2000');
      await refused(await ban('1999-12-31', '2000-02-01'), 'startsOn');
      const inTenYears = `${new Date().getUTCFullYear() + 10}-01-01`;
      await refused(await ban(new Date().toISOString().slice(0, 10), inTenYears), 'endsOn');
    });

    it('refuses an incident in year 1, and one that ends in the future', async () => {
      await refused(
        await everyone.post('/api/v1/incidents', reportBody({ occurredAt: '0001-01-01T10:00:00+00:00' })),
        'occurredAt',
        'te ver terug',
      );
      await refused(await everyone.post('/api/v1/incidents', reportBody({ occurredAt: '1999-12-31T10:00:00+01:00' })), 'occurredAt');
      const later = new Date(Date.now() + 24 * 3600_000).toISOString();
      await refused(await everyone.post('/api/v1/incidents', reportBody({ occurredUntil: later })), 'occurredUntil');
      await refused(
        await everyone.post(`/api/v1/incidents/${incidentId}/online-messages`, { sentAt: '0001-01-01T00:00:00Z', content: 'x' }),
        'sentAt',
      );
      await refused(
        await everyone.post(`/api/v1/incidents/${incidentId}/damage`, {
          kind: 'material',
          description: 'Jas',
          amountCents: 1,
          paidOn: '0001-01-01',
        }),
        'paidOn',
      );
    });
  });

  it('answers 400, not 500, when the database refuses a value that a schema let through', async () => {
    // A route of this test only, on a server of its own: no real route lets such a value through.
    const server = await buildTestServer(t.db);
    server.get('/api/v1/test-only/refused', async () => sql`SELECT ${String(3e9)}::int AS n`.execute(t.db));
    server.get('/test-only/refused', async () => sql`SELECT ${String(3e9)}::int AS n`.execute(t.db));
    try {
      const api = await server.inject({ method: 'GET', url: '/api/v1/test-only/refused' });
      expect(api.statusCode).toBe(400);
      expect(api.json().error.id).toBe('input_unprocessable');
      const page = await server.inject({ method: 'GET', url: '/test-only/refused' });
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('kan niet worden verwerkt');
    } finally {
      await server.close();
    }
  });

  describe('file names (finding 14)', () => {
    it('strips direction controls and names the file by the type of its content', async () => {
      const incidentId = await report();
      const upload = (fileName: string) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/incidents/${incidentId}/evidence`,
          ...((m) => ({ payload: m.payload, headers: { ...m.headers, authorization: everyone.authorization } }))(multipart(fileName, JPEG)),
        });
      const disguised = await upload('Bijlage\u202Egpj.exe');
      expect(disguised.statusCode).toBe(201);
      expect(disguised.json()).toMatchObject({ mediaType: 'image/jpeg', fileName: 'Bijlagegpj.jpg' });
      const download = await everyone.get(`/api/v1/incidents/${incidentId}/evidence/${disguised.json().id}`);
      expect(download.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''Bijlagegpj.jpg`);
      expect((await upload('\u2066foto\u2069.jpeg')).json().fileName).toBe('foto.jpeg');
      expect((await upload('scan')).json().fileName).toBe('scan.jpg');
    });
  });

  describe('the same through the pages', () => {
    let browser: Browser;
    let incidentId: string;
    beforeAll(async () => {
      browser = await signIn(app, handler.user.email);
    });
    beforeEach(async () => {
      incidentId = await report({ level: 'physical_violence', behaviours: ['hitting'], channel: 'face_to_face' });
      await remember();
    });
    const unchanged = async () => expect(changedTables(fingerprint, await writeFingerprint(t.admin, org.id))).toEqual([]);

    it('shows the report form again with the message for a NUL or only zero-width characters', async () => {
      await browser.get('/report');
      const form = {
        level: 'threat',
        occurredDate: '2026-11-20',
        occurredTime: '14:30',
        channel: 'social_media',
        behaviours: 'threat_of_violence',
      };
      const nul = await browser.post('/report', { ...form, description: NUL });
      expect(nul.statusCode).toBe(400);
      expect(nul.body).toContain(CONTROL_MESSAGE);
      const invisible = await browser.post('/report', { ...form, description: '\u200B\u200B' });
      expect(invisible.statusCode).toBe(400);
      expect(invisible.body).toContain('Beschrijf wat er gebeurde.');
      await unchanged();
    });

    it('answers a search with a NUL with 400, not 500', async () => {
      const response = await browser.get('/perpetrators?q=%00');
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(CONTROL_MESSAGE);
    });

    it('shows the form again for an upload without a boundary', async () => {
      // Opening the incident marks its notifications read: that write is the page's, not the upload's.
      await browser.get(`/incidents/${incidentId}`);
      await remember();
      const response = await browser.inject({
        method: 'POST',
        url: `/incidents/${incidentId}/evidence`,
        headers: { 'content-type': 'multipart/form-data' },
        payload: 'niet echt multipart',
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('Het bestand kwam niet goed aan');
      await unchanged();
    });

    it('refuses more paid than the damage on the case page', async () => {
      await browser.get(`/incidents/${incidentId}/case`);
      expect(
        (await browser.post(`/incidents/${incidentId}/case/damage`, { kind: 'material', description: 'Jas', amountCents: '100' }))
          .statusCode,
      ).toBe(303);
      const page = await browser.get(`/incidents/${incidentId}/case`);
      const damageId = /name="kind-([0-9a-f-]{36})"/.exec(page.body)?.[1];
      expect(damageId).toBeDefined();
      await remember();
      const row = (field: string) => `${field}-${damageId}`;
      const response = await browser.post(`/damage/${damageId}`, {
        incident: incidentId,
        [row('kind')]: 'material',
        [row('description')]: 'Jas',
        [row('amount')]: '1,00',
        [row('claimedOn')]: '2026-11-21',
        [row('paid')]: '2,50',
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('Er kan niet meer betaald zijn dan het bedrag van de schade.');
      await unchanged();
    });
  });
});
