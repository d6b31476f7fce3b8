import type { FastifyInstance } from 'fastify';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.js';
import { actAs, createIncident, makeOrganisation, makeUser } from '../../../../test/factories.js';
import { buildTestServer, signIn, type Browser } from '../../../../test/http.js';
import type { Organisation } from '../../../domain/organisation/organisation.js';
import { createPerpetrator } from '../../../domain/perpetrator/manage-perpetrator.js';
import { newPerpetratorSchema } from '../../../domain/perpetrator/perpetrator.schema.js';
import type { User } from '../../../domain/user/user.js';
import { translator } from '../../i18n/index.js';

const nl = translator('nl');

/** The text of a page without its tags, spaces made plain (a non-breaking space in "€ 1.250,50"). */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/&#x27;|&#39;/g, "'");

/**
 * Rough edges of the case (issue 10 §3): amounts and days as the page shows them, the police
 * consent's answer, and the 7 W's that knew neither the linked perpetrator nor a "why". Each
 * test reports an incident of its own.
 */
describe('the case page as a new user found it', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let councillor: User;
  let adviser: User;
  let asAdviser: Browser;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db, 'Gemeente Randen');
    councillor = await makeUser(t.db, org, ['council_member'], 'Raadslid Rood');
    adviser = await makeUser(t.db, org, ['security_adviser'], 'Adviseur Anna');
    asAdviser = await signIn(app, adviser.email);
  });

  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const violence = () =>
    createIncident(
      t.db,
      { user: councillor, organisation: org },
      { level: 'physical_violence', channel: 'face_to_face', behaviours: [], description: 'Geduwd bij de ingang.' },
    );

  it('accepts an amount and a day as the page shows them, and shows days written out', async () => {
    const incidentId = await violence();
    await asAdviser.get(`/incidents/${incidentId}/case`);
    const added = await asAdviser.post(`/incidents/${incidentId}/case/damage`, {
      kind: 'material',
      description: 'Kapotte bril',
      amountCents: '€ 1.250,50',
      reimbursedOn: '1 december 2026',
    });
    expect(added.statusCode).toBe(303);
    const page = text((await asAdviser.get(`/incidents/${incidentId}/case`)).body);
    expect(page).toContain('€ 1.250,50');
    expect(page).toContain('1 december 2026');
    expect(page).not.toContain('2026-12-01');
    // The amount the page shows goes back unchanged.
    await asAdviser.get(`/incidents/${incidentId}/case`);
    const again = await asAdviser.post(`/incidents/${incidentId}/case/damage`, {
      kind: 'material',
      description: 'Taxi',
      amountCents: '1.250,50',
    });
    expect(again.statusCode).toBe(303);
    const { rows } = await t.admin.query('SELECT amount_cents FROM damage_item WHERE incident_id = $1 ORDER BY created_at', [incidentId]);
    expect(rows.map((r: { amount_cents: number }) => Number(r.amount_cents))).toEqual([125_050, 125_050]);
  });

  it("shows the police consent's answer about sharing, not the question", async () => {
    const incidentId = await violence();
    await asAdviser.get(`/incidents/${incidentId}/case`);
    for (const share of [false, true]) {
      const consent = await asAdviser.post(`/incidents/${incidentId}/case/consent`, {
        affectedUserId: councillor.id,
        given: 'yes',
        how: share ? 'Schriftelijk' : 'Mondeling',
        givenDate: '2026-11-20',
        givenTime: '11:00',
        ...(share ? { share: 'on' } : {}),
      });
      expect(consent.statusCode).toBe(303);
    }
    const html = (await asAdviser.get(`/incidents/${incidentId}/case`)).body;
    const items = [...html.matchAll(/<li class="utrecht-unordered-list__item">(Raadslid Rood:[^]*?)<\/li>/g)].map((m) => text(m[1]!));
    expect(items).toHaveLength(2);
    expect(items.find((i) => i.includes('Mondeling'))).toContain(nl('police.share_no'));
    expect(items.find((i) => i.includes('Schriftelijk'))).toContain(nl('police.share_yes'));
    for (const item of items) expect(item).not.toContain(nl('police.consent_share'));
  });

  it("fills the 7 W's who with the linked perpetrator, and lets a handler fill in why", async () => {
    const incidentId = await violence();
    await actAs(t.db, { user: adviser, organisation: org }, (tx, me) =>
      createPerpetrator(
        tx,
        me,
        newPerpetratorSchema.parse({ kind: 'person', name: 'Karel de Boze', socialAccounts: ['@kareldeboze'], incidentId }),
      ),
    );
    const path = `/incidents/${incidentId}/case/preparation`;
    const before = text((await asAdviser.get(path)).body);
    expect(before).toContain('Karel de Boze');
    expect(before).toContain('@kareldeboze');
    expect(before).not.toContain(`${nl('prep.who')} ${nl('report.perpetrator_unknown')}`);
    expect(before).toContain(nl('prep.why_unknown'));

    const saved = await asAdviser.post(path, { motive: 'Boos over de sluiting van het zwembad.' });
    expect(saved.statusCode).toBe(303);
    expect(text((await asAdviser.get(path)).body)).toContain('Boos over de sluiting van het zwembad.');
    const pdf = await asAdviser.get(`${path}.pdf`);
    const { text: pdfText } = await extractText(new Uint8Array(pdf.rawPayload), { mergePages: true });
    expect(pdfText).toContain('Karel de Boze');
    expect(pdfText).toContain('Boos over de sluiting van het zwembad.');
  });
});
