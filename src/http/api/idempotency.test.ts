import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, reportBody, type ApiCaller } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation, makeUser } from '../../../test/factories.js';
import { buildTestServer, signIn, type Browser } from '../../../test/http.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { runIdempotencyPurge } from '../../jobs/idempotency-purge.js';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

/**
 * Issue 12 finding 8: a creating request sent again with the same Idempotency-Key (or the
 * report form sent twice) answers the first result instead of creating twice.
 */
describe('a retried creation answers the first result', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let councillor: ApiCaller;
  let adviser: ApiCaller;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db);
    councillor = await makeCaller(app, t.db, org, ['council_member'], 'Raadslid');
    adviser = await makeCaller(app, t.db, org, ['security_adviser'], 'Adviseur');
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const post = (caller: ApiCaller, url: string, body: unknown, key?: string) =>
    app.inject({
      method: 'POST',
      url,
      headers: { authorization: caller.authorization, ...(key !== undefined ? { 'idempotency-key': key } : {}) },
      payload: body as object,
    });

  /** Incidents of the organisation with this description, counted as the database owner (no row-level security). */
  const incidentsDescribed = async (description: string) =>
    Number(
      (await t.admin.query('SELECT count(*) FROM incident WHERE organisation_id = $1 AND description = $2', [org.id, description])).rows[0]
        .count,
    );

  const keysOf = async (key: string) =>
    Number(
      (await t.admin.query('SELECT count(*) FROM idempotency_key WHERE organisation_id = $1 AND key = $2', [org.id, key])).rows[0].count,
    );

  it('the same report sent twice with one key is stored once, and both answers are the same', async () => {
    const body = reportBody({ description: 'Twee keer verstuurd na een time-out.' });
    const first = await post(councillor, '/api/v1/incidents', body, 'melding-1');
    expect(first.statusCode, first.body).toBe(201);
    const again = await post(councillor, '/api/v1/incidents', body, 'melding-1');
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await incidentsDescribed('Twee keer verstuurd na een time-out.')).toBe(1);
    // Without a key, a second request is a second report, as before.
    expect((await post(councillor, '/api/v1/incidents', body)).statusCode).toBe(201);
    expect(await incidentsDescribed('Twee keer verstuurd na een time-out.')).toBe(2);
  });

  it('two copies at the same moment: the second waits for the first and answers the same', async () => {
    const body = reportBody({ description: 'Tegelijk verstuurd.' });
    const answers = await Promise.all([1, 2, 3].map(() => post(councillor, '/api/v1/incidents', body, 'tegelijk')));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => (a.json() as { id: string }).id)).size).toBe(1);
    expect(await incidentsDescribed('Tegelijk verstuurd.')).toBe(1);
  });

  it('a key used with another body answers 422 idempotency_key_reused and creates nothing', async () => {
    expect((await post(councillor, '/api/v1/incidents', reportBody({ description: 'Eerste versie.' }), 'hergebruikt')).statusCode).toBe(
      201,
    );
    const other = await post(councillor, '/api/v1/incidents', reportBody({ description: 'Andere versie.' }), 'hergebruikt');
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ error: { id: 'idempotency_key_reused' } });
    expect(await incidentsDescribed('Andere versie.')).toBe(0);
    // The same key on another route is another request too.
    const elsewhere = await post(adviser, '/api/v1/perpetrators', { kind: 'person', name: 'Jan Hergebruik' }, 'hergebruikt-2');
    expect(elsewhere.statusCode).toBe(201);
    expect((await post(adviser, '/api/v1/incidents', reportBody(), 'hergebruikt-2')).statusCode).toBe(422);
  });

  it('keys are per person: another person with the same key makes their own report', async () => {
    const body = reportBody({ description: 'Zelfde sleutel, andere persoon.' });
    const mine = await post(councillor, '/api/v1/incidents', body, 'gedeelde-sleutel');
    const theirs = await post(adviser, '/api/v1/incidents', body, 'gedeelde-sleutel');
    expect(mine.statusCode).toBe(201);
    expect(theirs.statusCode).toBe(201);
    expect((theirs.json() as { id: string }).id).not.toBe((mine.json() as { id: string }).id);
    expect(await incidentsDescribed('Zelfde sleutel, andere persoon.')).toBe(2);
  });

  it('a request that fails keeps no key: the corrected request with that key is carried out', async () => {
    const refused = await post(councillor, '/api/v1/incidents', reportBody({ description: '' }), 'eerst-fout');
    expect(refused.statusCode).toBe(400);
    expect(await keysOf('eerst-fout')).toBe(0);
    const corrected = await post(councillor, '/api/v1/incidents', reportBody({ description: 'Nu goed ingevuld.' }), 'eerst-fout');
    expect(corrected.statusCode).toBe(201);
    expect(await incidentsDescribed('Nu goed ingevuld.')).toBe(1);
    expect(await keysOf('eerst-fout')).toBe(1);
  });

  it('refuses a key that is empty, too long or has spaces (400), before anything is created', async () => {
    for (const key of ['', 'x'.repeat(256), 'met spatie']) {
      const response = await post(councillor, '/api/v1/incidents', reportBody({ description: 'Slechte sleutel.' }), key);
      expect(response.statusCode, JSON.stringify(key)).toBe(400);
      expect(response.json()).toMatchObject({ error: { id: 'idempotency_key_invalid' } });
    }
    expect(await incidentsDescribed('Slechte sleutel.')).toBe(0);
  });

  it('works on the other creating routes: a perpetrator, an upload', async () => {
    const perpetrator = { kind: 'person', name: 'Piet Tweemaal' };
    const a = await post(adviser, '/api/v1/perpetrators', perpetrator, 'dader-1');
    const b = await post(adviser, '/api/v1/perpetrators', perpetrator, 'dader-1');
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(b.json()).toEqual(a.json());
    const perpetrators = await t.admin.query("SELECT count(*) FROM perpetrator WHERE organisation_id = $1 AND name = 'Piet Tweemaal'", [
      org.id,
    ]);
    expect(Number(perpetrators.rows[0].count)).toBe(1);

    const incident = (await post(councillor, '/api/v1/incidents', reportBody())).json() as { id: string };
    const boundary = '----idem';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scherm.png"\r\nContent-Type: image/png\r\n\r\n`),
      PNG,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const uploadOnce = () =>
      app.inject({
        method: 'POST',
        url: `/api/v1/incidents/${incident.id}/evidence`,
        payload,
        headers: {
          authorization: councillor.authorization,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'idempotency-key': 'bewijs-1',
        },
      });
    const first = await uploadOnce();
    const second = await uploadOnce();
    expect([first.statusCode, second.statusCode], first.body).toEqual([201, 201]);
    expect(second.json()).toEqual(first.json());
    const files = await t.admin.query('SELECT count(*) FROM evidence_file WHERE incident_id = $1', [incident.id]);
    expect(Number(files.rows[0].count)).toBe(1);
  });

  it('documents the header and the 422 on every creating route in OpenAPI', async () => {
    const document = (await app.inject('/api/v1/openapi.json')).json() as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; responses: Record<string, unknown> }>>;
    };
    const operation = document.paths['/api/v1/incidents']!.post!;
    expect(operation.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key')).toBe(true);
    expect(operation.responses['422']).toBeDefined();
    expect(document.paths['/api/v1/incidents']!.get!.parameters?.some((p) => p.name === 'idempotency-key') ?? false).toBe(false);
  });

  it('keys count for 24 hours: an older one is free again, and the purge deletes it', async () => {
    expect((await post(councillor, '/api/v1/incidents', reportBody({ description: 'Gisteren.' }), 'oud')).statusCode).toBe(201);
    await t.admin.query("UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE organisation_id = $1 AND key = 'oud'", [
      org.id,
    ]);
    const today = await post(councillor, '/api/v1/incidents', reportBody({ description: 'Vandaag, zelfde sleutel.' }), 'oud');
    expect(today.statusCode).toBe(201);
    expect(await incidentsDescribed('Vandaag, zelfde sleutel.')).toBe(1);

    await t.admin.query("UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE organisation_id = $1 AND key = 'oud'", [
      org.id,
    ]);
    expect(await runIdempotencyPurge(t.db)).toBeGreaterThanOrEqual(1);
    expect(await keysOf('oud')).toBe(0);
    expect(await keysOf('melding-1')).toBe(1);
  });

  it('keys are isolated by organisation (row-level security)', async () => {
    const other = await makeOrganisation(t.db, 'Gemeente Anders');
    const outsider = await makeCaller(app, t.db, other, ['council_member']);
    const theirs = await post(outsider, '/api/v1/incidents', reportBody({ description: 'Andere gemeente.' }), 'melding-1');
    expect(theirs.statusCode).toBe(201);
    const rls = await t.admin.query("SELECT relrowsecurity FROM pg_class WHERE relname = 'idempotency_key'");
    expect(rls.rows[0].relrowsecurity).toBe(true);
  });

  describe('the report form', () => {
    let browser: Browser;
    beforeAll(async () => {
      const employee = await makeUser(t.db, org, ['employee'], 'Medewerker');
      browser = await signIn(app, employee.email);
    });

    const formKeyOf = (page: LightMyRequestResponse) => /name="_once" value="([^"]+)"/.exec(page.body)?.[1];
    const minimal = (description: string) => ({
      level: 'verbal_aggression',
      behaviours: 'insult',
      channel: 'face_to_face',
      targets: 'self',
      occurredDate: '2026-11-20',
      occurredTime: '10:00',
      description,
    });

    it('carries a hidden key, and sent twice it reports once and sends both to the same incident', async () => {
      const page = await browser.get('/report');
      const key = formKeyOf(page);
      expect(key).toMatch(/^[0-9a-f-]{36}$/);
      expect(formKeyOf(await browser.get('/report'))).not.toBe(key);

      const form = { ...minimal('Via het formulier, twee keer.'), _once: key! };
      const first = await browser.post('/report', form);
      expect(first.statusCode).toBe(303);
      const second = await browser.post('/report', form);
      expect(second.statusCode).toBe(303);
      expect(second.headers.location).toBe(first.headers.location);
      expect(await incidentsDescribed('Via het formulier, twee keer.')).toBe(1);

      const changed = await browser.post('/report', { ...minimal('Via het formulier, iets anders.'), _once: key! });
      expect(changed.statusCode).toBe(422);
      expect(changed.body).toContain('Dit verzoek is al eerder verstuurd, met andere gegevens');
      expect(await incidentsDescribed('Via het formulier, iets anders.')).toBe(0);
    });

    it('shown again after a mistake, the form keeps its key and the corrected form reports once', async () => {
      const key = formKeyOf(await browser.get('/report'))!;
      const mistake = await browser.post('/report', { ...minimal(''), _once: key });
      expect(mistake.statusCode).toBe(400);
      expect(formKeyOf(mistake)).toBe(key);
      expect(await keysOf(key)).toBe(0);
      const corrected = await browser.post('/report', { ...minimal('Na een fout verbeterd.'), _once: key });
      expect(corrected.statusCode).toBe(303);
      expect(await incidentsDescribed('Na een fout verbeterd.')).toBe(1);
    });
  });
});
