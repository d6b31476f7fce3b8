import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaller, reportBody, type ApiCaller } from '../../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation } from '../../../test/factories.js';
import { buildTestServer, signIn } from '../../../test/http.js';
import type { Organisation } from '../../domain/organisation/organisation.js';
import { amsterdamToday } from '../../time/amsterdam.js';
import { XLSX_MEDIA_TYPE } from '../export/xlsx.js';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
const YEAR = 'from=2026-01-01&to=2026-12-31';
const CSV = `/api/v1/exports/incidents.csv?${YEAR}`;
const XLSX = `/api/v1/exports/incidents.xlsx?${YEAR}`;

/** RFC 4180 with semicolons, as the export writes it (the test's own reader, not the writer's). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted || (c !== '"' && c !== ';' && !(c === '\r' && text[i + 1] === '\n'))) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ';') {
      row.push(field);
      field = '';
    } else {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    }
  }
  return rows;
}

/** The rows of a table as objects keyed by the header. */
const records = (table: string[][]) => table.slice(1).map((cells) => Object.fromEntries(table[0]!.map((h, i) => [h, cells[i] ?? ''])));

function csvRecords(response: LightMyRequestResponse) {
  expect(response.statusCode, response.body).toBe(200);
  expect(response.rawPayload.subarray(0, 3).toString('hex')).toBe('efbbbf');
  return records(parseCsv(response.rawPayload.subarray(3).toString('utf8')));
}

async function xlsxRecords(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as never);
  const sheet = workbook.worksheets[0]!;
  const table: string[][] = [];
  sheet.eachRow((row) => table.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return { name: sheet.name, rows: records(table), header: table[0] };
}

/** Every text inside the workbook (all its XML parts), to search for what must not be there. */
async function xlsxParts(bytes: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const files = Object.values(zip.files).filter((f) => !f.dir);
  return new Map(await Promise.all(files.map(async (f) => [f.name, await f.async('string')] as const)));
}

const KEY = /^[0-9a-f]{12}$/;

describe('the anonymised export', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let adviser: ApiCaller;
  let secretary: ApiCaller;
  let clerk: ApiCaller;
  let mayor: ApiCaller;
  let councillor: ApiCaller;
  let alderman: ApiCaller;
  let employee: ApiCaller;
  /** Everything personal or identifying that went in; none of it may come out. */
  const secrets: string[] = [];
  const ids: string[] = [];

  const created = async (response: Promise<LightMyRequestResponse>) => {
    const r = await response;
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id as string;
    ids.push(id);
    return id;
  };
  const report = (caller: ApiCaller, body: Record<string, unknown>) => created(caller.post('/api/v1/incidents', reportBody(body)));
  const exportAudits = async () =>
    (
      await t.admin.query<{ actor_user_id: string; object_type: string; object_id: string }>(
        "SELECT actor_user_id, object_type, object_id FROM audit_event WHERE action = 'insight.export' ORDER BY seq",
      )
    ).rows;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Exportdorp');
    adviser = await makeCaller(app, t.db, org, ['security_adviser'], 'Sanne Veiligheidsadviseur');
    secretary = await makeCaller(app, t.db, org, ['municipal_secretary'], 'Siem Secretaris');
    clerk = await makeCaller(app, t.db, org, ['clerk'], 'Greet Griffier');
    mayor = await makeCaller(app, t.db, org, ['mayor'], 'Bram Burgemeester');
    councillor = await makeCaller(app, t.db, org, ['council_member'], 'Karel Raadslid');
    alderman = await makeCaller(app, t.db, org, ['alderman'], 'Willemijn Wethouder');
    employee = await makeCaller(app, t.db, org, ['employee'], 'Erik Baliemedewerker');
    for (const c of [adviser, secretary, clerk, mayor, councillor, alderman, employee]) secrets.push(c.user.name, c.user.email, c.user.id);
    ids.push(org.id);

    // 1. A threat online against a councillor, by a perpetrator in the register; a ban decided.
    const threat = await report(councillor, {
      occurredAt: '2026-03-10T21:00:00+01:00',
      channel: 'social_media',
      level: 'threat',
      behaviours: ['intimidation', 'threat_of_violence'],
      targets: ['family', 'self'],
      description: 'Geheime beschrijving: Piet schreef dat hij weet waar de kinderen naar school gaan.',
      place: 'Dorpsstraat 12, Geheimdorp',
      witnesses: 'Getuige Gerda Zichtbaar',
      damage: 'Ingegooide ruit aan de voorkant',
      perpetrator: { kind: 'person', name: 'Piet Dader', details: 'Rijdt een rode bestelbus' },
      online: { platform: 'Facebook', account: '@boze_burger_77', urls: ['https://social.example/posts/4815162342'] },
    });
    // 2. Violence at the front desk against an employee, by the same perpetrator; a police report, dismissed.
    const violence = await report(employee, {
      occurredAt: '2026-05-02T10:00:00+02:00',
      channel: 'face_to_face',
      level: 'physical_violence',
      behaviours: ['hitting'],
      description: 'Geheime beschrijving: hij sloeg over de balie heen.',
      place: 'Balie stadhuis, Marktplein 1',
      perpetrator: { kind: 'person', name: 'P. Dader' },
      injury: { physical: true },
    });
    // 3. Just after New Year in Amsterdam (still 2025 in UTC): January, not December.
    await report(councillor, {
      occurredAt: '2026-01-01T00:30:00+01:00',
      channel: 'email',
      level: 'verbal_aggression',
      behaviours: ['insult'],
      description: 'Geheime beschrijving: een scheldmail in de nieuwjaarsnacht.',
    });
    // 4. and 5. Routed to the municipal secretary (an alderman, the mayor).
    await report(alderman, {
      occurredAt: '2026-06-15T12:00:00+02:00',
      channel: 'phone',
      level: 'emotional',
      behaviours: ['complaining'],
      perpetrator: { kind: 'collective' },
      description: 'Geheime beschrijving: een boze beller over de kermis.',
    });
    await report(mayor, {
      occurredAt: '2026-07-01T09:00:00+02:00',
      channel: 'writing',
      level: 'threat',
      behaviours: ['threat_of_violence'],
      targets: ['property'],
      description: 'Geheime beschrijving: een dreigbrief aan de burgemeesterswoning.',
    });
    // Never exported: a draft, and an incident of another year.
    await report(employee, { occurredAt: '2026-06-01T10:00:00+02:00', draft: true, description: 'Geheim concept, nog niet gemeld' });
    await report(councillor, { occurredAt: '2025-06-01T10:00:00+02:00', description: 'Geheime beschrijving van vorig jaar' });
    secrets.push(
      'Piet',
      'Dader',
      'Geheim',
      'Dorpsstraat',
      'Gerda',
      'Ingegooide ruit',
      'bestelbus',
      'Facebook',
      '@boze_burger_77',
      'boze_burger',
      'social.example',
      '4815162342',
      'Balie stadhuis',
      'Marktplein',
      'Exportdorp',
    );

    await created(
      councillor.post(`/api/v1/incidents/${threat}/online-messages`, {
        sentAt: '2026-03-10T21:05:00+01:00',
        account: '@tweede_account_99',
        url: 'https://other.example/p/987654',
        content: 'Tweede bericht met inhoud',
      }),
    );
    const boundary = '----exporttest';
    const evidence = await app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${threat}/evidence`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: councillor.authorization },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="schermafbeelding-dreiging.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        PNG,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(evidence.statusCode, evidence.body).toBe(201);
    ids.push(evidence.json().id);
    secrets.push('@tweede_account_99', 'other.example', '987654', 'Tweede bericht', 'schermafbeelding', 'dreiging.png');

    const perpetrator = await created(
      adviser.post('/api/v1/perpetrators', {
        kind: 'person',
        name: 'Piet Dader',
        aliases: ['Pietje D.'],
        emails: ['piet.dader@voorbeeld.example'],
        socialAccounts: ['@boze_burger_77'],
        address: 'Daderlaan 1, Elders',
        notes: 'Register-notitie: eerder veroordeeld',
      }),
    );
    secrets.push('Pietje', 'piet.dader@voorbeeld.example', 'Daderlaan', 'Register-notitie');
    for (const incident of [threat, violence]) {
      const link = await adviser.post(`/api/v1/incidents/${incident}/perpetrators`, { perpetratorId: perpetrator });
      expect(link.statusCode, link.body).toBeLessThan(300);
    }

    const ban = await created(
      adviser.post(`/api/v1/incidents/${threat}/measures`, {
        kind: 'ban',
        perpetratorId: perpetrator,
        reasons: 'Reden-tekst: herhaalde bedreiging',
        advice: 'Advies-tekst van de adviseur',
        startsOn: '2026-03-20',
        endsOn: '2026-09-20',
      }),
    );
    expect((await adviser.post(`/api/v1/measures/${ban}/hearing`, { hearing: 'heard', statement: 'Verklaring-tekst' })).statusCode).toBe(
      200,
    );
    const decided = await mayor.post(`/api/v1/measures/${ban}/decide`, { note: 'Besluit-tekst' });
    expect(decided.statusCode, decided.body).toBe(200);
    // Proposed, never decided: not a measure taken.
    await created(adviser.post(`/api/v1/incidents/${violence}/measures`, { kind: 'oral_warning', reasons: 'Voorstel-tekst' }));
    secrets.push('Reden-tekst', 'Advies-tekst', 'Verklaring-tekst', 'Besluit-tekst', 'Voorstel-tekst');

    const consent = await created(
      adviser.post(`/api/v1/incidents/${violence}/police/consents`, {
        affectedUserId: employee.user.id,
        given: true,
        how: 'Toestemming-tekst per e-mail',
        givenAt: '2026-05-02T12:00:00+02:00',
      }),
    );
    const policeReport = await created(
      adviser.post(`/api/v1/incidents/${violence}/police/reports`, {
        consentId: consent,
        filedOn: '2026-05-04',
        registrationNumber: 'PL0900-2026777777',
      }),
    );
    const prosecution = await adviser.put(`/api/v1/police-reports/${policeReport}`, {
      prosecutionStatus: 'dismissed',
      outcome: 'Uitkomst-tekst: onvoldoende bewijs',
    });
    expect(prosecution.statusCode, prosecution.body).toBe(200);
    secrets.push('Toestemming-tekst', 'PL0900', '2026777777', 'Uitkomst-tekst');

    // Damages: 4.000 + 2.000 (from € 5.000) on the threat; 300 (€ 250 to 1.000) on the violence.
    await created(
      adviser.post(`/api/v1/incidents/${threat}/damage`, { kind: 'material', description: 'Schade-ruit', amountCents: 400_000 }),
    );
    await created(
      adviser.post(`/api/v1/incidents/${threat}/damage`, { kind: 'immaterial', description: 'Schade-smart', amountCents: 200_000 }),
    );
    await created(
      adviser.post(`/api/v1/incidents/${violence}/damage`, { kind: 'material', description: 'Schade-bril', amountCents: 30_000 }),
    );
    secrets.push('Schade-ruit', 'Schade-smart', 'Schade-bril');

    // Aftercare: held for the threat (with notes), offered for the violence, nothing yet for New Year.
    await t.admin.query(
      "UPDATE aftercare_conversation SET state = 'held', offered_at = now(), held_at = now(), notes = 'Nazorg-notitie: slaapt slecht' WHERE incident_id = $1 AND number = 1",
      [threat],
    );
    await t.admin.query("UPDATE aftercare_conversation SET state = 'offered', offered_at = now() WHERE incident_id = $1 AND number = 1", [
      violence,
    ]);
    secrets.push('Nazorg-notitie');
    const numbers = await t.admin.query<{ number: number }>('SELECT number FROM incident WHERE organisation_id = $1', [org.id]);
    secrets.push(...numbers.rows.map((r) => `M-${String(r.number).padStart(5, '0')}`));
    // Exact days of the incidents (only the month may appear).
    secrets.push('2026-03-10', '2026-05-02', '2025-12-31', '2026-06-15', '2026-07-01');
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const EXPECTED = [
    {
      Maand: '2026-01',
      Niveau: 'Verbale agressie',
      Gedrag: 'Belediging',
      Kanaal: 'E-mail',
      Online: 'ja',
      'Groep getroffen': 'Ambtsdragers',
      'Functiecategorie getroffen': 'Raad (raadsleden en fractieleden)',
      'Gericht op': 'De getroffene zelf',
      'Soort veroorzaker': 'Onbekend',
      'Code veroorzaker': '',
      Maatregelen: '',
      'Toegangsverbod opgelegd': 'nee',
      'Aangifte gedaan': 'nee',
      'Verloop strafzaak': '',
      'Nazorg aangeboden': 'nee',
      'Nazorggesprek gehouden': 'nee',
      Schade: 'Geen',
      Letsel: 'nee',
      Status: 'Gemeld',
    },
    {
      Maand: '2026-03',
      Niveau: 'Bedreiging of intimidatie',
      Gedrag: 'Bedreiging met geweld, Intimidatie',
      Kanaal: 'Sociale media',
      Online: 'ja',
      'Groep getroffen': 'Ambtsdragers',
      'Functiecategorie getroffen': 'Raad (raadsleden en fractieleden)',
      'Gericht op': 'De getroffene zelf, Gezin of familie',
      'Soort veroorzaker': 'Eén persoon',
      'Code veroorzaker': expect.stringMatching(KEY),
      Maatregelen: 'Toegangsverbod tot de gemeentelijke gebouwen',
      'Toegangsverbod opgelegd': 'ja',
      'Aangifte gedaan': 'nee',
      'Verloop strafzaak': '',
      'Nazorg aangeboden': 'ja',
      'Nazorggesprek gehouden': 'ja',
      Schade: '€ 5.000 of meer',
      Letsel: 'nee',
      Status: 'Gemeld',
    },
    {
      Maand: '2026-05',
      Niveau: 'Fysiek geweld',
      Gedrag: 'Slaan',
      Kanaal: 'Persoonlijk (face-to-face)',
      Online: 'nee',
      'Groep getroffen': 'Medewerkers',
      'Functiecategorie getroffen': 'Medewerkers',
      'Gericht op': 'De getroffene zelf',
      'Soort veroorzaker': 'Eén persoon',
      'Code veroorzaker': expect.stringMatching(KEY),
      Maatregelen: '',
      'Toegangsverbod opgelegd': 'nee',
      'Aangifte gedaan': 'ja',
      'Verloop strafzaak': 'Geseponeerd',
      'Nazorg aangeboden': 'ja',
      'Nazorggesprek gehouden': 'nee',
      Schade: '€ 250 tot € 1.000',
      Letsel: 'ja',
      Status: 'Gemeld',
    },
    {
      Maand: '2026-06',
      Niveau: 'Emotioneel gedrag',
      Gedrag: 'Klagen',
      Kanaal: 'Telefoon',
      Online: 'nee',
      'Groep getroffen': 'Ambtsdragers',
      'Functiecategorie getroffen': 'Wethouders',
      'Gericht op': 'De getroffene zelf',
      'Soort veroorzaker': 'Een groep mensen',
      'Code veroorzaker': '',
      Maatregelen: '',
      'Toegangsverbod opgelegd': 'nee',
      'Aangifte gedaan': 'nee',
      'Verloop strafzaak': '',
      'Nazorg aangeboden': 'nee',
      'Nazorggesprek gehouden': 'nee',
      Schade: 'Geen',
      Letsel: 'nee',
      Status: 'Gemeld',
    },
    {
      Maand: '2026-07',
      Niveau: 'Bedreiging of intimidatie',
      Gedrag: 'Bedreiging met geweld',
      Kanaal: 'Schriftelijk (brief)',
      Online: 'nee',
      'Groep getroffen': 'Ambtsdragers',
      // The mayor is one person: never named as a role, merged into "bestuur en griffie".
      'Functiecategorie getroffen': 'Bestuur en griffie',
      'Gericht op': 'Eigendommen',
      'Soort veroorzaker': 'Onbekend',
      'Code veroorzaker': '',
      Maatregelen: '',
      'Toegangsverbod opgelegd': 'nee',
      'Aangifte gedaan': 'nee',
      'Verloop strafzaak': '',
      'Nazorg aangeboden': 'nee',
      'Nazorggesprek gehouden': 'nee',
      Schade: 'Geen',
      Letsel: 'nee',
      Status: 'Gemeld',
    },
  ];

  /**
   * Digits are looked for where the data is: the workbook's theme (the same in every file) is
   * full of numbers, and its properties hold the moment it was made.
   */
  const expectNothingPersonal = (text: string, data = true) => {
    const found = [...secrets, ...ids].filter((s) => text.toLowerCase().includes(s.toLowerCase()));
    expect(found).toEqual([]);
    if (!data) return;
    // No amount of damage, no time of day, and no day of a month: bands and months only.
    // Outside the perpetrator codes: 12 random hex characters may hold "300" by chance.
    const values = text.replace(/\b[0-9a-f]{12}\b/g, '');
    for (const amount of ['4000', '2000', '6000', '300', '30000', '600000']) expect(values).not.toContain(amount);
    expect(text).not.toMatch(/\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}/);
    // Not one role held by one person, in either language's code.
    expect(text).not.toMatch(/burgemeester|mayor|griffier\b|secretaris/i);
  };

  it('the CSV holds one row per visible reported incident of the period, with the right values and nothing personal', async () => {
    const response = await adviser.get(CSV);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe("attachment; filename*=UTF-8''meldingen-anoniem-2026-01-01-2026-12-31.csv");
    expect(response.headers['cache-control']).toBe('private, no-store');
    const rows = csvRecords(response);
    expect(rows).toEqual(EXPECTED);
    // The same perpetrator, in the register for both incidents: the same code on both rows.
    expect(rows[1]!['Code veroorzaker']).toBe(rows[2]!['Code veroorzaker']);
    // Semicolons between fields, CRLF after every line (the header included).
    const text = response.rawPayload.toString('utf8');
    expect(text.split('\r\n')[0]).toBe(`\uFEFF${Object.keys(EXPECTED[0]!).join(';')}`);
    expect(text.endsWith('\r\n')).toBe(true);
    expectNothingPersonal(text);
  });

  it('the XLSX holds the same rows as text cells, and no part of the workbook holds anything personal', async () => {
    const response = await adviser.get(XLSX);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe(XLSX_MEDIA_TYPE);
    expect(response.headers['content-disposition']).toBe("attachment; filename*=UTF-8''meldingen-anoniem-2026-01-01-2026-12-31.xlsx");
    const workbook = await xlsxRecords(response.rawPayload);
    expect(workbook.name).toBe('Meldingen');
    expect(workbook.rows).toEqual(EXPECTED);
    expect(workbook.rows[1]!['Code veroorzaker']).toBe(workbook.rows[2]!['Code veroorzaker']);
    const parts = await xlsxParts(response.rawPayload);
    // Every value is a shared string: no number, no formula, no inline text in the sheet itself.
    const sheet = parts.get('xl/worksheets/sheet1.xml')!;
    expect(sheet.match(/<c /g)).toHaveLength(19 * 6);
    expect(sheet.match(/<c [^>]*t="s"/g)).toHaveLength(19 * 6);
    expect(sheet).not.toMatch(/<f[ >]|<is>/);
    for (const [name, text] of parts) expectNothingPersonal(text, name === 'xl/sharedStrings.xml');
  });

  it('the perpetrator code is stable within one export and new in the next; every export is audited without personal data', async () => {
    const before = (await exportAudits()).length;
    const first = csvRecords(await adviser.get(CSV));
    const second = csvRecords(await adviser.get(CSV));
    const third = (await xlsxRecords((await adviser.get(XLSX)).rawPayload)).rows;
    const keys = [first, second, third].map((rows) => rows[1]!['Code veroorzaker']!);
    expect(new Set(keys).size).toBe(3);
    expect(second[2]!['Code veroorzaker']).toBe(keys[1]);
    expect(third[2]!['Code veroorzaker']).toBe(keys[2]);
    const audits = (await exportAudits()).slice(before);
    expect(audits).toEqual([
      { actor_user_id: adviser.user.id, object_type: 'incident_export', object_id: 'csv:2026-01-01/2026-12-31' },
      { actor_user_id: adviser.user.id, object_type: 'incident_export', object_id: 'csv:2026-01-01/2026-12-31' },
      { actor_user_id: adviser.user.id, object_type: 'incident_export', object_id: 'xlsx:2026-01-01/2026-12-31' },
    ]);
  });

  it('the dashboard filters narrow the rows and are audited with the export', async () => {
    const months = async (query: string) => csvRecords(await adviser.get(`${CSV}&${query}`)).map((r) => r.Maand);
    expect(await months('level=threat')).toEqual(['2026-03', '2026-07']);
    expect(await months('channel=email')).toEqual(['2026-01']);
    expect(await months('group=employee')).toEqual(['2026-05']);
    expect(await months('group=office_holder&level=threat')).toEqual(['2026-03', '2026-07']);
    expect(csvRecords(await adviser.get('/api/v1/exports/incidents.csv?from=2025-01-01&to=2025-12-31'))).toHaveLength(1);
    expect((await exportAudits()).at(-2)!.object_id).toBe('csv:2026-01-01/2026-12-31;level=threat;group=office_holder');
  });

  it('without a period: this year; a bad period is 400', async () => {
    const year = amsterdamToday().slice(0, 4);
    const response = await adviser.get('/api/v1/exports/incidents.csv');
    expect(response.headers['content-disposition']).toContain(`meldingen-anoniem-${year}-01-01-${year}-12-31.csv`);
    for (const query of ['from=2026-12-31&to=2026-01-01', 'from=gisteren', 'level=zwaar', 'from=2000-01-01&to=2026-01-01']) {
      for (const url of [`/api/v1/exports/incidents.csv?${query}`, `/api/v1/exports/incidents.xlsx?${query}`]) {
        const bad = await adviser.get(url);
        expect(bad.statusCode, url).toBe(400);
        expect(bad.json().error.id).toBe('validation_failed');
      }
    }
  });

  it('headers and values in English when asked', async () => {
    const response = await app.inject({
      method: 'GET',
      url: CSV,
      headers: { authorization: adviser.authorization, 'accept-language': 'en' },
    });
    const rows = csvRecords(response);
    expect(response.headers['content-disposition']).toContain('incidents-anonymised-2026-01-01-2026-12-31.csv');
    expect(rows[4]).toMatchObject({
      Month: '2026-07',
      Level: 'Threat or intimidation',
      'Role category affected': 'Board and clerk’s office',
      'Aimed at': 'Property',
      Damage: 'None',
      'Ban imposed': 'no',
    });
  });

  it('the municipal secretary exports only the incidents routed to them', async () => {
    const rows = csvRecords(await secretary.get(CSV));
    expect(rows.map((r) => [r.Maand, r['Functiecategorie getroffen']])).toEqual([
      ['2026-06', 'Wethouders'],
      ['2026-07', 'Bestuur en griffie'],
    ]);
    const { rows: access } = await t.admin.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM incident_access a JOIN incident i ON i.id = a.incident_id WHERE a.user_id = $1 AND i.status <> 'draft'",
      [secretary.user.id],
    );
    expect(access[0]!.n).toBe(2);
  });

  it('signed out: 401; the clerk, the mayor and a councillor have no export (404, even for a bad period); another organisation sees none of it', async () => {
    for (const url of [CSV, XLSX]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.id).toBe('unauthorized');
      for (const caller of [clerk, mayor, councillor, alderman, employee]) {
        expect((await caller.get(url)).statusCode, caller.user.name).toBe(404);
        expect((await caller.get(url.replace(YEAR, 'from=nee'))).statusCode, caller.user.name).toBe(404);
      }
    }
    const elsewhere = await makeCaller(app, t.db, await makeOrganisation(t.db, 'Gemeente Elders'), ['security_adviser']);
    const response = await elsewhere.get(CSV);
    expect(csvRecords(response)).toEqual([]);
    expect(parseCsv(response.rawPayload.subarray(3).toString('utf8'))).toEqual([Object.keys(EXPECTED[0]!)]);
    expect((await xlsxRecords((await elsewhere.get(XLSX)).rawPayload)).rows).toEqual([]);
  });

  it('is documented in the OpenAPI document as files of their media types', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const csv = doc.paths['/api/v1/exports/incidents.csv'].get;
    const xlsx = doc.paths['/api/v1/exports/incidents.xlsx'].get;
    expect(Object.keys(csv.responses['200'].content)).toEqual(['text/csv']);
    expect(Object.keys(xlsx.responses['200'].content)).toEqual([XLSX_MEDIA_TYPE]);
    for (const op of [csv, xlsx]) {
      expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401']);
      expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['channel', 'from', 'group', 'level', 'to']);
    }
  });

  it('the page explains the export, counts its rows and downloads the same content for a cookie session', async () => {
    const browser = await signIn(app, adviser.user.email);
    const page = await browser.get(`/insight/export?${YEAR}&level=`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Anonieme export');
    expect(page.body).toContain('Meldingen in de export van 1 januari 2026 tot en met 31 december 2026: 5.');
    expect(page.body).toContain(`href="/insight/export/incidents.csv?${YEAR.replace('&', '&amp;')}"`);
    expect(page.body).toContain(`href="/insight/export/incidents.xlsx?${YEAR.replace('&', '&amp;')}"`);
    const before = (await exportAudits()).length;
    const csv = await browser.get(`/insight/export/incidents.csv?${YEAR}`);
    expect(csv.headers['content-disposition']).toBe("attachment; filename*=UTF-8''meldingen-anoniem-2026-01-01-2026-12-31.csv");
    expect(csvRecords(csv)).toEqual(EXPECTED);
    const xlsx = await browser.get(`/insight/export/incidents.xlsx?${YEAR}&group=employee`);
    expect(xlsx.headers['content-type']).toBe(XLSX_MEDIA_TYPE);
    expect((await xlsxRecords(xlsx.rawPayload)).rows).toEqual([EXPECTED[2]]);
    expect((await exportAudits()).slice(before).map((a) => a.object_id)).toEqual([
      'csv:2026-01-01/2026-12-31',
      'xlsx:2026-01-01/2026-12-31;group=employee',
    ]);
    // Viewing the page is not an export.
    await browser.get('/insight/export');
    expect((await exportAudits()).length).toBe(before + 2);

    const reversed = await browser.get('/insight/export/incidents.csv?from=2026-12-31&to=2026-01-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.headers['content-type']).toContain('text/html');
    expect(reversed.body).toContain('De einddatum ligt voor de begindatum.');
    expect(reversed.body).not.toContain('/insight/export/incidents.csv?');
  });

  it('the page is not there for a clerk, and sends a signed-out visitor to sign in', async () => {
    const browser = await signIn(app, clerk.user.email);
    for (const url of ['/insight/export', `/insight/export/incidents.csv?${YEAR}`, `/insight/export/incidents.xlsx?from=nee`])
      expect((await browser.get(url)).statusCode, url).toBe(404);
    const signedOut = await app.inject({ method: 'GET', url: '/insight/export/incidents.csv' });
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toMatch(/^\/sign-in/);
  });
});
