import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, reportBody, type ApiCaller } from '../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { makeOrganisation } from '../../test/factories.js';
import { buildTestServer, signIn, type Browser } from '../../test/http.js';
import { changedTables, writeFingerprint } from '../../test/writes.js';
import type { Organisation } from '../domain/organisation/organisation.js';
import { ROLES } from '../domain/user/roles.js';
import { OPENAPI_PATH } from './api/openapi.js';
import { routeTable, type RegisteredRoute } from './server.js';

/**
 * Issue 12, finding 7: generated input sent to every route of the route table, as a person
 * with every role in an organisation of their own and signed out. Whatever comes in, no
 * answer is a 5xx, and a refused request (4xx) leaves the organisation's data as it was.
 */

type Json = Record<string, unknown>;
type Schema = Json & { $ref?: string; type?: string | string[]; enum?: unknown[]; format?: string };

// What people should not send: control characters, invisible text, direction overrides,
// half a surrogate pair, huge and odd numbers, years that do not belong in a register.
const CONTROL_STRINGS = ['\u0000', 'a\u0000b', 'Een beschrijving\u0000', '\u0007\u001b[31m', 'half \ud800 paar', '\u0085\u009f'];
const ODD_STRINGS = [
  '\u200B\u200B',
  '\u202Egpj.exe',
  '',
  ' ',
  '0001-01-01',
  '9999-12-31',
  '0001-01-01T00:00:00Z',
  '2026-02-30',
  '3000000000',
  '-1',
  '1e309',
  'NaN',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  "'; DROP TABLE incident; --",
  '<script>alert(1)</script>',
  '%00',
  '€ 1.250,50',
  '👩‍👧 Zoë',
  'x'.repeat(12_000),
];
const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CONTROL_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.constantFrom(3e9, 2 ** 31, -1, 0.5, 1e20, Number.MAX_SAFE_INTEGER, true, false, null) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant([5]), fc.constant({}), fc.array(nastyString, { maxLength: 2 })) },
);

/** Only the routes of the person's own session: signing out would end the run. */
const SKIPPED = new Set(['POST /sign-out']);
/**
 * Sign-in, setup and the account keep a failed attempt on purpose (lockout, audit), and
 * belong to another change: for them only "no 5xx" is asserted.
 */
const KEEPS_WRITES_ON_REFUSAL = /^(\/sign-in|\/setup|\/account)/;

describe('every route, with generated input', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let reporter: ApiCaller;
  let handler: ApiCaller;
  let browser: Browser;
  let document: { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Schema> } };
  let routes: RegisteredRoute[];
  /** Real ids per path parameter and area, so requests reach the use cases and not only 404. */
  const ids: Record<string, string[]> = {};
  /** Form fields per form action (path), with the values the pages offer. */
  const forms = new Map<string, Map<string, Set<string>>>();

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    await app.ready();
    org = await makeOrganisation(t.db, 'Gemeente Fuzz');
    reporter = await makeCaller(app, t.db, org, [...ROLES], 'Melder Alle Rollen');
    handler = await makeCaller(app, t.db, org, [...ROLES], 'Behandelaar Alle Rollen');
    const other = await makeCaller(app, t.db, org, ['employee'], 'Collega');
    document = (await app.inject({ method: 'GET', url: OPENAPI_PATH })).json();
    routes = routeTable(app).filter((r) => !SKIPPED.has(`${r.method} ${r.url}`));
    await fixtures(other);
    browser = await signIn(app, handler.user.email);
    await scrapeForms();
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  /** One of everything the routes name by id: an incident with a case, a perpetrator, a measure, … */
  async function fixtures(other: ApiCaller) {
    const ok = async (response: Promise<LightMyRequestResponse>) => {
      const answer = await response;
      if (answer.statusCode >= 300) throw new Error(`fixture: ${answer.statusCode} ${answer.body}`);
      return answer.json() as Json;
    };
    const incident = (
      await ok(
        reporter.post(
          '/api/v1/incidents',
          reportBody({
            level: 'physical_violence',
            behaviours: ['hitting'],
            channel: 'face_to_face',
            perpetrator: { kind: 'person', name: 'Piet Dader' },
          }),
        ),
      )
    ).id as string;
    const online = (await ok(reporter.post('/api/v1/incidents', reportBody({ online: { platform: 'Facebook' } })))).id as string;
    const perpetrator = (await ok(handler.post('/api/v1/perpetrators', { kind: 'person', name: 'Piet Dader', incidentId: incident })))
      .id as string;
    const measure = (
      await ok(
        handler.post(`/api/v1/incidents/${incident}/measures`, {
          kind: 'written_warning',
          reasons: 'Sloeg de wethouder.',
          perpetratorId: perpetrator,
        }),
      )
    ).id as string;
    const damage = (
      await ok(handler.post(`/api/v1/incidents/${incident}/damage`, { kind: 'material', description: 'Jas', amountCents: 12_550 }))
    ).id as string;
    const consent = (
      await ok(
        handler.post(`/api/v1/incidents/${incident}/police/consents`, {
          affectedUserId: reporter.user.id,
          given: true,
          how: 'per e-mail',
          givenAt: new Date().toISOString(),
        }),
      )
    ).id as string;
    const policeReport = (
      await ok(handler.post(`/api/v1/incidents/${incident}/police/reports`, { consentId: consent, filedOn: '2026-11-24' }))
    ).id as string;
    const consultation = (await ok(reporter.post('/api/v1/consultations', { question: 'Gaat dit te ver?', ask: ['mayor'] }))).id as string;
    const contact = (await ok(handler.post('/api/v1/contacts', { name: 'Slachtofferhulp' }))).id as string;
    const conversations = ((await ok(handler.get(`/api/v1/incidents/${incident}/aftercare`))).data ?? []) as { id: string }[];
    const deadlines = ((await ok(handler.get(`/api/v1/incidents/${incident}/deadlines`))).data ?? []) as { id: string }[];
    Object.assign(ids, {
      incident: [incident, online],
      perpetrator: [perpetrator],
      measure: [measure],
      damage: [damage],
      policeReport: [policeReport],
      consultation: [consultation],
      contact: [contact],
      conversation: conversations.map((c) => c.id),
      deadline: deadlines.map((d) => d.id),
      person: [other.user.id, reporter.user.id],
      consent: [consent],
    });
  }

  /** The id a path parameter most likely wants, by the area its path is in. */
  function idsFor(url: string, name: string): string[] {
    if (name === 'evidenceId') return [];
    if (name === 'perpetratorId') return ids.perpetrator!;
    const area = url.replace(/^\/api\/v1/, '').split('/')[1] ?? '';
    const byArea: Record<string, string> = {
      incidents: 'incident',
      perpetrators: 'perpetrator',
      measures: 'measure',
      damage: 'damage',
      'police-reports': 'policeReport',
      consult: 'consultation',
      consultations: 'consultation',
      aftercare: 'conversation',
      deadlines: 'deadline',
      people: 'person',
      settings: 'contact',
      contacts: 'contact',
    };
    return ids[byArea[area] ?? 'incident'] ?? [];
  }

  const parameter = (url: string, name: string): fc.Arbitrary<string> => {
    if (name === 'year') return fc.constantFrom(String(new Date().getUTCFullYear()), '2025', '0', '99999', 'abc');
    if (name === 'lang') return fc.constantFrom('nl', 'en', 'xx');
    if (name === 'kind') return fc.constantFrom('labour_inspectorate', 'kings_commissioner', 'nothing');
    if (name === 'section') return fc.constantFrom('intro', 'conclusion', 'x');
    const known = idsFor(url, name);
    return fc.oneof(
      { weight: 12, arbitrary: known.length ? fc.constantFrom(...known) : fc.uuid() },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.constantFrom('not-a-uuid', '%00', '..') },
    );
  };

  /** The path with each :parameter filled in. */
  const pathFor = (url: string): fc.Arbitrary<string> => {
    const names = [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    if (names.length === 0) return fc.constant(url);
    return fc.tuple(...names.map((n) => parameter(url, n))).map((values) => {
      let i = 0;
      return url.replace(/:(\w+)/g, () => encodeURIComponent(values[i++]!));
    });
  };

  /** A value for a JSON schema of the OpenAPI document: mostly fitting, now and then not at all. */
  function fromSchema(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
    if (!schema || depth > 4) return nastyValue;
    if (schema.$ref) return fromSchema(document.components.schemas[schema.$ref.split('/').pop()!], depth + 1);
    const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
    if (variants) return fc.oneof(...variants.map((v) => fromSchema(v, depth + 1)));
    return fc.oneof({ weight: 20, arbitrary: fitting(schema, depth) }, { weight: 1, arbitrary: nastyValue });
  }

  function fitting(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    if (schema.enum) return fc.constantFrom(...schema.enum);
    if ('const' in schema) return fc.constant(schema.const);
    const types = [schema.type ?? 'string'].flat();
    return fc.oneof(
      ...types.map((type): fc.Arbitrary<unknown> => {
        switch (type) {
          case 'object': {
            const properties = (schema.properties ?? {}) as Record<string, Schema>;
            const model = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, fromSchema(v, depth + 1)]));
            const required = ((schema.required ?? []) as string[]).filter((k) => k in model);
            return fc.record(model, { requiredKeys: required });
          }
          case 'array':
            return fc.array(fromSchema(schema.items as Schema, depth + 1), { maxLength: 3 });
          case 'integer':
            return fc.integer({ min: 0, max: 5000 });
          case 'number':
            return fc.integer({ min: 0, max: 5000 });
          case 'boolean':
            return fc.boolean();
          case 'null':
            return fc.constant(null);
          default:
            return fittingString(schema);
        }
      }),
    );
  }

  function fittingString(schema: Schema): fc.Arbitrary<string> {
    const every = Object.values(ids).flat();
    switch (schema.format) {
      case 'uuid':
        return fc.constantFrom(...every);
      case 'date-time':
        return fc.constantFrom(new Date(Date.now() - 3600_000).toISOString(), '2026-11-20T14:30:00+01:00');
      case 'date':
        return fc.constantFrom('2026-11-20', '2026-12-24', '2027-01-15');
      case 'uri':
      case 'url':
        return fc.constantFrom('https://example.test/bericht/1', 'http://example.test');
      default:
        return fc.constantFrom('Een beschrijving', 'Piet', 'per e-mail', '12');
    }
  }

  /**
   * Input that fits but for one value: the value at a path drawn by `n` (one key deep, or
   * two), replaced by `bad`. So a request passes every other check and the bad value reaches
   * as far as it can. Now and then the whole input is junk.
   */
  const oneBad = <T>(fitting: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
    fc.oneof(
      { weight: 2, arbitrary: fitting },
      { weight: 6, arbitrary: fc.tuple(fitting, fc.nat(), nastyValue).map(([value, n, bad]) => replaceOne(value, n, bad, 0)) },
      { weight: 1, arbitrary: nastyValue },
    );
  function replaceOne(value: unknown, n: number, bad: unknown, depth: number): unknown {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return bad;
    const keys = Object.keys(value);
    if (keys.length === 0) return bad;
    const key = keys[n % keys.length]!;
    const deeper = depth < 1 && n % 3 === 0;
    return { ...value, [key]: deeper ? replaceOne((value as Json)[key], Math.floor(n / keys.length), bad, depth + 1) : bad };
  }

  /** Fetches every page that shows forms and notes each form's fields and their offered values. */
  async function scrapeForms() {
    const pages = routes.filter(
      (r) => r.method === 'GET' && !r.url.startsWith('/api/') && !/\.(pdf|docx)$|evidence\/|letters\//.test(r.url),
    );
    for (const route of pages) {
      const page = await browser.get(route.url.replace(/:(\w+)/g, (_, name: string) => idsFor(route.url, name)[0] ?? name));
      for (const form of page.body.matchAll(/<form\b[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)) {
        const action = decode(form[1]!).split('?')[0]!;
        const fields = forms.get(action) ?? new Map<string, Set<string>>();
        forms.set(action, fields);
        for (const control of form[2]!.matchAll(/<(input|select|textarea)\b([^>]*)>([\s\S]*?<\/select>)?/g)) {
          const name = /\bname="([^"]+)"/.exec(control[2]!)?.[1];
          if (!name || name === '_csrf') continue;
          const values = fields.get(name) ?? new Set<string>();
          fields.set(decode(name), values);
          const value = /\bvalue="([^"]*)"/.exec(control[2]!)?.[1];
          if (value !== undefined) values.add(decode(value));
          for (const option of (control[3] ?? '').matchAll(/<option\b[^>]*value="([^"]*)"/g)) values.add(decode(option[1]!));
        }
      }
    }
  }

  const decode = (html: string) =>
    html
      .replace(/&quot;/g, '"')
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');

  /** The fields of the form that posts to this path (filled in), each with an offered, a plain or a nasty value. */
  function formBody(path: string): fc.Arbitrary<Record<string, string | string[]>> {
    const fields = forms.get(path) ?? new Map([['description', new Set<string>()]]);
    const model = Object.fromEntries(
      [...fields].map(([name, offered]) => {
        const fitting = fc.constantFrom(
          ...offered,
          'Een beschrijving',
          '2026-11-20',
          '14:30',
          '125,50',
          'on',
          ...Object.values(ids).flat(),
        );
        const one = fc.oneof({ weight: 20, arbitrary: fitting }, { weight: 1, arbitrary: nastyString });
        return [name, fc.oneof({ weight: 6, arbitrary: one }, { weight: 1, arbitrary: fc.array(one, { maxLength: 3 }) })];
      }),
    );
    return fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string | string[]>>;
  }

  /** Query parameters: those the API documents, or those pages read (never `next`/`back`, whose checks are another change). */
  function queryFor(route: RegisteredRoute): fc.Arbitrary<Record<string, string>> {
    const operation = document.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
    const documented = ((operation?.parameters ?? []) as { in: string; name: string; schema?: Schema }[]).filter((p) => p.in === 'query');
    const names = documented.length
      ? documented.map((p) => p.name)
      : ['q', 'kind', 'level', 'status', 'from', 'to', 'after', 'limit', 'year', 'notice'];
    const value = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('2026-01-01', 'threat', 'person', '10', 'Piet', 'true') },
      { weight: 1, arbitrary: nastyString },
    );
    return fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 3 });
  }

  /** A multipart body; a broken one stops before its closing boundary, or (odd-sized files) comes without a boundary at all. */
  const multipartOf = (fileName: string, content: Buffer, broken: boolean, csrf?: string) => {
    const boundary = 'fuzzgrens';
    const payload = Buffer.concat([
      Buffer.from(csrf === undefined ? '' : `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName.replace(/["\r\n]/g, '')}"\r\n\r\n`),
      content,
      Buffer.from(broken ? '' : `\r\n--${boundary}--\r\n`),
    ]);
    return { payload, type: broken && content.length % 2 ? 'multipart/form-data' : `multipart/form-data; boundary=${boundary}` };
  };
  const upload = fc.record({
    fileName: nastyString,
    content: fc.constantFrom(
      Buffer.from('ffd8ffe000104a4649460001010000010001000000ffd9', 'hex'),
      Buffer.from('%PDF-1.4\n%%EOF\n'),
      Buffer.from('MZ\u0090\u0000'),
      Buffer.alloc(0),
    ),
    broken: fc.boolean(),
  });

  const isUpload = (route: RegisteredRoute) => route.method === 'POST' && /\/evidence$/.test(route.url);
  const isApi = (route: RegisteredRoute) => route.url.startsWith('/api/');

  /** The JSON schema of a documented request body. */
  function bodySchema(route: RegisteredRoute): Schema | undefined {
    const operation = document.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
    return ((operation?.requestBody as Json | undefined)?.content as Record<string, { schema: Schema }> | undefined)?.['application/json']
      ?.schema;
  }

  async function send(
    who: 'signed_in' | 'signed_out',
    route: RegisteredRoute,
    path: string,
    query: Record<string, string>,
    body: unknown,
  ): Promise<LightMyRequestResponse> {
    const search = new URLSearchParams(query).toString();
    const url = `${path}${search ? `?${search}` : ''}`;
    const method = route.method as 'GET' | 'POST' | 'PUT' | 'DELETE';
    const auth: Record<string, string> = who === 'signed_in' ? { authorization: handler.authorization } : {};
    if (isUpload(route)) {
      const file = body as { fileName: string; content: Buffer; broken: boolean };
      const withToken = !isApi(route) && who === 'signed_in';
      const { payload, type } = multipartOf(file.fileName, file.content, file.broken, withToken ? browser.csrf : undefined);
      if (isApi(route)) return app.inject({ method, url, payload, headers: { ...auth, 'content-type': type } });
      return who === 'signed_in'
        ? browser.inject({ method: 'POST', url, payload, headers: { 'content-type': type } })
        : app.inject({ method, url, payload, headers: { 'content-type': type } });
    }
    if (isApi(route)) {
      const payload = method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(body ?? {});
      return app.inject({
        method,
        url,
        headers: { ...auth, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(payload !== undefined ? { payload } : {}),
      });
    }
    if (method === 'GET') return who === 'signed_in' ? browser.get(url) : app.inject({ method, url });
    if (method !== 'POST') throw new Error(`no page answers ${method}`);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      // Not a form at all: sent as it is, with the form token so it gets past that check.
      const raw = `${new URLSearchParams({ _csrf: browser.csrf })}&${new URLSearchParams({ [String(body)]: '' })}`;
      const headers = { 'content-type': 'application/x-www-form-urlencoded' };
      return who === 'signed_in'
        ? browser.inject({ method, url, payload: raw, headers })
        : app.inject({ method, url, payload: raw, headers });
    }
    const form = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]));
    if (who === 'signed_in') return browser.post(url, form);
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) params.append(k, one);
    return app.inject({ method, url, payload: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /** A request to one route with its input: JSON from the schema for the API, the form's fields for pages. */
  const requestTo = (route: RegisteredRoute) =>
    pathFor(route.url).chain((path) =>
      fc.record({
        route: fc.constant(route),
        path: fc.constant(path),
        query: route.method === 'GET' ? queryFor(route) : fc.constant({}),
        body: isUpload(route)
          ? (upload as fc.Arbitrary<unknown>)
          : isApi(route)
            ? oneBad(fromSchema(bodySchema(route)))
            : route.method === 'GET'
              ? fc.constant(undefined)
              : oneBad(formBody(path)),
      }),
    );
  const generated = fc.integer({ min: 0, max: 100_000 }).chain((n) => requestTo(routes[n % routes.length]!));

  let problems: string[] = [];
  /** How many answers of each status class, so a walk that only ever hears 404 shows. */
  let answered: Record<string, number> = {};
  const check = async (
    who: 'signed_in' | 'signed_out',
    input: { route: RegisteredRoute; path: string; query: Record<string, string>; body: unknown },
  ) => {
    const known = problems.length;
    const before = await writeFingerprint(t.admin, org.id);
    const response = await send(who, input.route, input.path, input.query, input.body);
    const what = `${who} ${input.route.method} ${input.path} → ${response.statusCode}`;
    const kind = `${String(response.statusCode)[0]}xx`;
    answered[kind] = (answered[kind] ?? 0) + 1;
    if (response.statusCode >= 500) problems.push(`${what}: ${response.body.slice(0, 200)}`);
    if (response.statusCode >= 400 && response.statusCode < 500 && !KEEPS_WRITES_ON_REFUSAL.test(input.route.url)) {
      const changed = changedTables(before, await writeFingerprint(t.admin, org.id));
      if (changed.length) problems.push(`${what} wrote to ${changed.join(', ')}`);
    }
    // The database's refusal behind a schema that let the value through (see isDataException).
    if (isApi(input.route) && response.statusCode === 400 && response.json<{ error: { id: string } }>().error.id === 'input_unprocessable')
      problems.push(`${what}: a schema let through what the database refused`);
    return problems.length === known;
  };

  it('knows the routes, their bodies and their forms (the walk below is not empty)', () => {
    expect(routes.length).toBeGreaterThan(150);
    expect(routes.filter((r) => isApi(r) && bodySchema(r)).length).toBeGreaterThan(30);
    expect(forms.size).toBeGreaterThan(20);
  });

  it('answers no 5xx and writes nothing on a 4xx, signed in with every role', async () => {
    problems = [];
    answered = {};
    // Every route once, then generated requests to routes drawn at random (a failure names its seed).
    for (const route of routes) {
      const [input] = fc.sample(requestTo(route), { numRuns: 1 });
      await check('signed_in', input!);
    }
    expect(problems).toEqual([]);
    await fc.assert(
      fc.asyncProperty(generated, (input) => check('signed_in', input)),
      { numRuns: 250, endOnFailure: true },
    );
    expect(problems).toEqual([]);
    // The input reached the use cases: many requests were carried out, many refused.
    expect(answered['2xx']! + answered['3xx']!).toBeGreaterThan(100);
    expect(answered['4xx']).toBeGreaterThan(100);
  });

  it('answers no 5xx and writes nothing, signed out', async () => {
    problems = [];
    answered = {};
    await fc.assert(
      fc.asyncProperty(generated, (input) => check('signed_out', input)),
      { numRuns: 80, endOnFailure: true },
    );
    expect(problems).toEqual([]);
  });
});
