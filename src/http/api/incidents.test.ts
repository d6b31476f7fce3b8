import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, reportBody, type ApiCaller } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation } from '../../../test/factories.js';
import { buildTestServer } from '../../../test/http.js';
import { sha256Hex } from '../../domain/evidence/evidence-store.js';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const EML = Buffer.from(
  'From: iemand@example.com\r\nTo: raad@gemeente.nl\r\nSubject: Je bent gewaarschuwd\r\nDate: Fri, 20 Nov 2026 10:00:00 +0100\r\n\r\nWe weten waar je woont.\r\n',
);
const ELF = Buffer.concat([Buffer.from('7f454c4602010100', 'hex'), Buffer.alloc(64)]);

function multipart(fileName: string, content: Buffer, contentType = 'application/octet-stream') {
  const boundary = '----weerbaartest';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('incidents through the API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let councillor: ApiCaller;
  let clerk: ApiCaller;
  let adviser: ApiCaller;
  let alderman: ApiCaller;
  let mayor: ApiCaller;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    const org = await makeOrganisation(t.db);
    councillor = await makeCaller(app, t.db, org, ['council_member'], 'Raadslid');
    clerk = await makeCaller(app, t.db, org, ['clerk'], 'Griffier');
    adviser = await makeCaller(app, t.db, org, ['security_adviser'], 'Adviseur');
    alderman = await makeCaller(app, t.db, org, ['alderman'], 'Wethouder');
    mayor = await makeCaller(app, t.db, org, ['mayor'], 'Burgemeester');
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const upload = async (caller: ApiCaller, incidentId: string, fileName: string, content: Buffer, type?: string) => {
    const { payload, headers } = multipart(fileName, content, type);
    return app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/evidence`,
      payload,
      headers: { ...headers, authorization: caller.authorization },
    });
  };

  /** A complete report: online, with a perpetrator and injury. */
  const completeReport = reportBody({
    occurredUntil: '2026-11-22T10:00:00+01:00',
    place: 'Raadhuis, Hoofdstraat 1',
    targets: ['self', 'family'],
    behaviours: ['stalking', 'threat_of_violence', 'stalking'],
    perpetrator: { kind: 'person', name: 'Onbekende X', details: '@boze_burger' },
    witnesses: 'Fractievoorzitter',
    online: {
      platform: 'Facebook',
      account: '@boze_burger',
      urls: ['https://facebook.com/p/1', 'https://facebook.com/p/2'],
      normStated: true,
      platformNotified: false,
    },
    injury: { mental: true },
  });
  /** The council member's complete report, for the tests about what is added to it later: each its own. */
  const reportComplete = async () => (await councillor.post('/api/v1/incidents', completeReport)).json().id as string;

  it('a complete report with perpetrator, online data and injury is stored as sent', async () => {
    const response = await councillor.post('/api/v1/incidents', completeReport);
    expect(response.statusCode).toBe(201);
    const incident = response.json();
    expect(incident).toMatchObject({
      reference: expect.stringMatching(/^M-\d{5}$/),
      behaviours: ['stalking', 'threat_of_violence'],
      targets: ['self', 'family'],
      occurredAt: '2026-11-20T13:30:00.000Z',
      occurredUntil: '2026-11-22T09:00:00.000Z',
      perpetrator: { kind: 'person', name: 'Onbekende X', details: '@boze_burger' },
      online: { platform: 'Facebook', account: '@boze_burger', normStated: true, platformNotified: false },
      injury: { physical: false, mental: true, hospital: false, lastingHarm: false, death: false },
      reporter: { id: councillor.user.id, name: 'Raadslid' },
      transitions: [],
    });
    const messages = (await councillor.get(`/api/v1/incidents/${incident.id}/online-messages`)).json().data;
    expect(messages.map((m: { url: string }) => m.url)).toEqual(['https://facebook.com/p/1', 'https://facebook.com/p/2']);
  });

  it('bad input answers 400 naming the field, and writes nothing', async () => {
    const before = (await t.admin.query('SELECT count(*)::int AS n FROM incident')).rows[0].n;
    const cases: [Record<string, unknown>, string][] = [
      [{ level: 'boos' }, 'level'],
      [{ channel: undefined }, 'channel'],
      [{ description: '   ' }, 'description'],
      [{ occurredAt: 'gisteren' }, 'occurredAt'],
      [{ occurredAt: '2099-01-01T00:00:00Z' }, 'occurredAt'],
      [{ behaviours: ['zwaaien'] }, 'behaviours.0'],
      [{ online: { platform: 'X', urls: ['javascript:alert(1)'] } }, 'online.urls.0'],
      [{ affectedUserIds: ['00000000-0000-4000-8000-000000000000'] }, 'affectedUserIds'],
    ];
    for (const [change, field] of cases) {
      const response = await councillor.post('/api/v1/incidents', reportBody(change));
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error.id).toBe('validation_failed');
      expect(response.json().error.message.startsWith(`${field}: `), response.json().error.message).toBe(true);
    }
    const notJson = await app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      payload: '{niet json',
      headers: { 'content-type': 'application/json', authorization: councillor.authorization },
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.id).toBe('bad_request');
    expect((await t.admin.query('SELECT count(*)::int AS n FROM incident')).rows[0].n).toBe(before);
  });

  it('the status follows its state machine, every step on the timeline', async () => {
    const id = (await councillor.post('/api/v1/incidents', reportBody())).json().id;
    expect((await councillor.post(`/api/v1/incidents/${id}/status`, { transition: 'start' })).statusCode).toBe(404);
    expect((await clerk.post(`/api/v1/incidents/${id}/status`, { transition: 'reopen', reason: 'x' })).statusCode).toBe(409);
    expect((await clerk.post(`/api/v1/incidents/${id}/status`, { transition: 'start' })).json().status).toBe('in_progress');
    const noReason = await clerk.post(`/api/v1/incidents/${id}/status`, { transition: 'close' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toMatch(/^reason: /);
    expect(
      (await adviser.post(`/api/v1/incidents/${id}/status`, { transition: 'close', reason: 'Afgehandeld met gesprek' })).json(),
    ).toMatchObject({ status: 'closed', transitions: ['reopen'] });
    expect((await clerk.post(`/api/v1/incidents/${id}/status`, { transition: 'reopen', reason: 'Nieuwe berichten' })).json().status).toBe(
      'in_progress',
    );
    const timeline = (await councillor.get(`/api/v1/incidents/${id}/timeline`)).json().data;
    expect(timeline.map((e: { kind: string; detail: { to?: string } }) => e.detail.to ?? e.kind)).toEqual([
      'reported',
      'routed',
      'in_progress',
      'closed',
      'in_progress',
    ]);
    expect(timeline[3]).toMatchObject({ actor: { name: 'Adviseur' }, detail: { reason: 'Afgehandeld met gesprek' } });
  });

  it('a draft is the reporter’s alone until sent, then it is routed', async () => {
    const draft = (await councillor.post('/api/v1/incidents', reportBody({ draft: true }))).json();
    expect(draft).toMatchObject({ status: 'draft', transitions: ['submit'] });
    expect((await clerk.get(`/api/v1/incidents/${draft.id}`)).statusCode).toBe(404);
    expect((await adviser.get('/api/v1/incidents?status=draft')).json().data).toEqual([]);
    expect((await clerk.post(`/api/v1/incidents/${draft.id}/status`, { transition: 'submit' })).statusCode).toBe(404);
    const sent = await councillor.post(`/api/v1/incidents/${draft.id}/status`, { transition: 'submit' });
    expect(sent.json().status).toBe('reported');
    expect((await clerk.get(`/api/v1/incidents/${draft.id}`)).statusCode).toBe(200);
  });

  it('messages that keep coming are added to the same incident', async () => {
    const id = await reportComplete();
    const added = await councillor.post(`/api/v1/incidents/${id}/online-messages`, {
      sentAt: '2026-11-23T21:15:00+01:00',
      account: '@boze_burger',
      url: 'https://facebook.com/p/3',
      content: 'Weer een bericht',
    });
    expect(added.statusCode).toBe(201);
    expect((await councillor.post(`/api/v1/incidents/${id}/online-messages`, { sentAt: '2026-11-23T21:15:00+01:00' })).statusCode).toBe(
      400,
    );
    expect(
      (await alderman.post(`/api/v1/incidents/${id}/online-messages`, { sentAt: '2026-11-23T21:15:00+01:00', content: 'x' })).statusCode,
    ).toBe(404);
    const log = (await clerk.get(`/api/v1/incidents/${id}/online-messages`)).json().data;
    expect(log.at(-1)).toMatchObject({ content: 'Weer een bericht', addedBy: { name: 'Raadslid' } });
  });

  it('evidence is stored by SHA-256, typed by its content, and the hash is audited', async () => {
    const id = await reportComplete();
    const png = await upload(councillor, id, 'screenshot.png', PNG, 'image/png');
    expect(png.statusCode).toBe(201);
    expect(png.json()).toMatchObject({ sha256: sha256Hex(PNG), sizeBytes: PNG.length, mediaType: 'image/png', fileName: 'screenshot.png' });
    // A PDF with a misleading name is kept as what it is.
    expect((await upload(clerk, id, 'foto.jpg', PDF, 'image/jpeg')).json().mediaType).toBe('application/pdf');
    expect((await upload(councillor, id, 'bericht.eml', EML)).json().mediaType).toBe('message/rfc822');

    const list = (await adviser.get(`/api/v1/incidents/${id}/evidence`)).json().data;
    expect(list.map((e: { sha256: string }) => e.sha256)).toEqual([sha256Hex(PNG), sha256Hex(PDF), sha256Hex(EML)]);
    const download = await adviser.get(`/api/v1/incidents/${id}/evidence/${list[0].id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(sha256Hex(download.rawPayload)).toBe(sha256Hex(PNG));
    const audited = await t.admin.query('SELECT action FROM audit_event WHERE object_id = $1 ORDER BY seq', [`${id}:${sha256Hex(PNG)}`]);
    expect(audited.rows.map((r) => r.action)).toEqual(['evidence.upload', 'evidence.read']);
    const timeline = (await councillor.get(`/api/v1/incidents/${id}/timeline`)).json().data;
    expect(timeline.find((e: { kind: string }) => e.kind === 'evidence_added').detail.sha256).toBe(sha256Hex(PNG));
  });

  it('a program renamed to a picture, an empty file and an oversized file are refused; nothing is kept', async () => {
    const id = await reportComplete();
    const before = (await t.admin.query('SELECT count(*)::int AS n FROM evidence_file')).rows[0].n;
    const elf = await upload(councillor, id, 'foto.jpg', ELF, 'image/jpeg');
    expect(elf.statusCode).toBe(415);
    expect(elf.json().error.id).toBe('unsupported_file_type');
    expect((await upload(councillor, id, 'leeg.png', Buffer.alloc(0))).statusCode).toBe(400);
    const big = Buffer.concat([PNG, Buffer.alloc(20 * 1024 * 1024)]);
    const tooBig = await upload(councillor, id, 'groot.png', big);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.id).toBe('file_too_large');
    expect((await t.admin.query('SELECT count(*)::int AS n FROM evidence_file')).rows[0].n).toBe(before);
  });

  it('nobody outside the incident can upload or download its evidence', async () => {
    // With a screenshot the council member stored, as in the evidence test.
    const id = await reportComplete();
    expect((await upload(councillor, id, 'screenshot.png', PNG, 'image/png')).statusCode).toBe(201);
    expect((await upload(alderman, id, 'x.png', PNG)).statusCode).toBe(404);
    const list = (await clerk.get(`/api/v1/incidents/${id}/evidence`)).json().data;
    expect((await alderman.get(`/api/v1/incidents/${id}/evidence/${list[0].id}`)).statusCode).toBe(404);
    expect((await alderman.get(`/api/v1/incidents/${id}/evidence`)).statusCode).toBe(404);
  });

  it('lists filter by level, status, channel and period, and page without gaps or repeats', async () => {
    for (let day = 1; day <= 7; day++) {
      await alderman.post(
        '/api/v1/incidents',
        reportBody({
          occurredAt: `2026-10-0${day}T09:00:00+02:00`,
          level: day % 2 ? 'verbal_aggression' : 'physical_violence',
          channel: day < 4 ? 'phone' : 'face_to_face',
        }),
      );
    }
    const all = (await mayor.get('/api/v1/incidents?from=2026-10-01&to=2026-10-07')).json().data;
    expect(all).toHaveLength(7);
    expect(all.map((i: { occurredAt: string }) => i.occurredAt.slice(0, 10))).toEqual([
      '2026-10-07',
      '2026-10-06',
      '2026-10-05',
      '2026-10-04',
      '2026-10-03',
      '2026-10-02',
      '2026-10-01',
    ]);
    expect((await mayor.get('/api/v1/incidents?from=2026-10-01&to=2026-10-07&level=physical_violence')).json().data).toHaveLength(3);
    expect((await mayor.get('/api/v1/incidents?from=2026-10-01&to=2026-10-07&channel=phone')).json().data).toHaveLength(3);
    expect((await mayor.get('/api/v1/incidents?from=2026-10-03&to=2026-10-03')).json().data).toHaveLength(1);
    const seen: string[] = [];
    let url = '/api/v1/incidents?from=2026-10-01&to=2026-10-07&limit=3';
    for (;;) {
      const page = (await mayor.get(url)).json();
      seen.push(...page.data.map((i: { id: string }) => i.id));
      if (!page.next) break;
      url = `/api/v1/incidents?from=2026-10-01&to=2026-10-07&limit=3&after=${page.next}`;
    }
    expect(seen).toEqual(all.map((i: { id: string }) => i.id));
    expect((await mayor.get('/api/v1/incidents?level=woest')).statusCode).toBe(400);
    const mine = (await alderman.get('/api/v1/incidents?mine=true')).json().data;
    expect(mine.every((i: { access: string }) => i.access === 'reporter')).toBe(true);
  });

  it('the consult path: ask, get an answer, and turn it into a report', async () => {
    const asked = await councillor.post('/api/v1/consultations', {
      question: 'Iemand noemt mij op Twitter "een schande". Gaat dat over de grens?',
      ask: ['clerk'],
    });
    expect(asked.statusCode).toBe(201);
    const id = asked.json().id;
    expect((await alderman.get(`/api/v1/consultations/${id}`)).statusCode).toBe(404);
    expect((await mayor.get(`/api/v1/consultations/${id}`)).statusCode).toBe(404);
    // The clerk's notification of this question, whatever else is in the inbox.
    const told = (await clerk.get('/api/v1/inbox')).json().data.find((n: { consultationId?: string }) => n.consultationId === id);
    expect(told).toMatchObject({ kind: 'consultation_asked', consultationId: id });
    expect(
      (await clerk.post(`/api/v1/consultations/${id}/messages`, { body: 'Dat is kritiek, geen agressie. Houd het in de gaten.' }))
        .statusCode,
    ).toBe(201);
    expect((await councillor.get(`/api/v1/consultations/${id}`)).json()).toMatchObject({
      status: 'answered',
      messages: [{ author: { name: 'Griffier' } }],
    });
    expect((await clerk.post(`/api/v1/consultations/${id}/report`, reportBody())).statusCode).toBe(404);
    const report = await councillor.post(
      `/api/v1/consultations/${id}/report`,
      reportBody({ level: 'verbal_aggression', behaviours: ['insult'] }),
    );
    expect(report.statusCode).toBe(201);
    expect((await councillor.get(`/api/v1/consultations/${id}`)).json()).toMatchObject({
      status: 'converted',
      incidentId: report.json().id,
    });
    expect((await clerk.get(`/api/v1/incidents/${report.json().id}`)).statusCode).toBe(200);
  });

  it('every operation is in the OpenAPI document with its schemas', async () => {
    const doc = (await app.inject('/api/v1/openapi.json')).json();
    for (const path of [
      '/api/v1/incidents',
      '/api/v1/incidents/{id}',
      '/api/v1/incidents/{id}/timeline',
      '/api/v1/incidents/{id}/evidence',
      '/api/v1/inbox',
      '/api/v1/users',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    const body = doc.paths['/api/v1/incidents'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['occurredAt', 'channel', 'level', 'description']));
    expect(body.properties.level.enum).toEqual(['emotional', 'verbal_aggression', 'threat', 'physical_violence']);
    expect(doc.components.schemas.Incident.properties.status.enum).toContain('in_progress');
    // The download was missing from the hand-written document; now it is declared with its route.
    const download = doc.paths['/api/v1/incidents/{id}/evidence/{evidenceId}'].get;
    expect(Object.keys(download.responses['200'].content)).toEqual(['application/octet-stream']);
    expect(Object.keys(download.responses).sort()).toEqual(['200', '401', '404']);
    expect(Object.keys(doc.paths['/api/v1/incidents/{id}/status'].post.responses).sort()).toEqual(['200', '400', '401', '404', '409']);
  });
});
