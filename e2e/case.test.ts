import fs from 'node:fs/promises';
import type { MeasureKind, MeasureState } from '../src/domain/measure/measure.js';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amsterdamDay } from '../src/time/amsterdam.js';
import type { User } from '../src/domain/user/user.js';
import { formatDay } from '../src/http/pages/measures/measures.js';
import type { Organisation } from '../src/domain/organisation/organisation.js';
import { newPerpetratorSchema } from '../src/domain/perpetrator/perpetrator.schema.js';
import { createPerpetrator } from '../src/domain/perpetrator/manage-perpetrator.js';
import { markForTriangle } from '../src/domain/escalation/escalation.js';
import { decideMeasure, proposeMeasure, recordHearing } from '../src/domain/measure/handle-measure.js';
import { proposeSchema } from '../src/domain/measure/measure.schema.js';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { actAs, createIncident, makeOrganisation, makeUser, referenceOf } from '../test/factories.js';
import {
  expectAccessibleWithUniqueIds,
  fitsWidth,
  focusedId,
  launchChromium,
  location,
  navigating,
  nl,
  openDetails,
  pageFor,
  PHONE,
  startServer,
  type RunningServer,
  type TestChromium,
} from '../test/browser.js';

const today = amsterdamDay(new Date()).date;
const plusDays = (date: string, days: number) =>
  new Date(new Date(`${date}T12:00:00Z`).getTime() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Handling a case in the browser, after a threat with injury: the duty to inform the labour
 * inspectorate, consent and the police report, damage, the triangle and security measures
 * (clerk and adviser); the perpetrator register (mayor); a written warning and a ban with their
 * letters; the front desk's list of bans; the letter templates. One Chromium; each test has
 * its own incident (reported through the domain when the test is about what follows) and its
 * own pages, a context per person.
 */
describe('handling a case in the browser', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let chromium: TestChromium;
  let base: string;
  let org: Organisation;
  let councillor: User;
  let clerk: User;
  let adviser: User;
  let mayor: User;
  let employee: User;

  /** The perpetrator the council member names; each test that registers one has a name of its own. */
  const perpetrator = 'Karel de Boer';
  const description = 'Na de raadsvergadering bij de fietsenstalling geduwd en bedreigd: "Jij bent de volgende."';

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    base = server.baseUrl;
    org = await makeOrganisation(database.db, 'Gemeente Voorbeeld');
    councillor = await makeUser(database.db, org, ['council_member'], 'Raadslid Rood');
    clerk = await makeUser(database.db, org, ['clerk'], 'Griffier Groen');
    adviser = await makeUser(database.db, org, ['security_adviser'], 'Adviseur Anna');
    mayor = await makeUser(database.db, org, ['mayor'], 'Burgemeester Bruin');
    employee = await makeUser(database.db, org, ['employee'], 'Baliemedewerker Bas');
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await database?.close();
  });

  const accessible = expectAccessibleWithUniqueIds;
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
  const notice = (page: Page) => page.getByRole('status').textContent();
  const nav = (page: Page) => page.getByRole('navigation', { name: nl('layout.nav') });
  const caseNav = (page: Page) => page.getByRole('navigation', { name: nl('incident.case_nav') });
  const field = (scope: Page | Locator, label: string) => scope.getByLabel(label, { exact: true });
  const button = (scope: Page | Locator, name: string) => scope.getByRole('button', { name, exact: true });
  const region = (page: Page, name: string | RegExp) => page.getByRole('region', { name, exact: true });
  const summaryLinks = (page: Page) =>
    page
      .getByRole('alert')
      .filter({ has: page.getByRole('heading', { name: nl('form.error_summary') }) })
      .getByRole('link')
      .allTextContents();
  const open = openDetails;
  /** One measure's block on the measures page ("Schriftelijke waarschuwing — Voorgesteld"). */
  const measure = (page: Page, kind: MeasureKind, state: MeasureState) =>
    region(page, `${nl(`measure.kind.${kind}`)} — ${nl(`measure.state.${state}`)}`);
  /** The person's own page for this test, signed in (the council member on a phone). */
  const pageOf = (user: User) => pageFor(chromium, base, user, user === councillor ? PHONE : {});
  const as = (user: User) => ({ user, organisation: org });

  /**
   * The threat with injury the council member reports on the phone, but reported through the
   * domain: for the tests about what follows. The reported perpetrator is named as given.
   */
  async function reportedThreat(perpetratorName: string) {
    const id = await createIncident(database.db, as(councillor), {
      occurredAt: new Date().toISOString(),
      channel: 'face_to_face',
      level: 'threat',
      behaviours: [],
      description,
      perpetrator: { kind: 'person', name: perpetratorName },
      injury: { physical: true },
    });
    return { incidentId: id, incidentPath: `/incidents/${id}`, reference: await referenceOf(database.db, org, id) };
  }

  /** The mayor registers the reported perpetrator and links the incident, as from the incident's page; the record's path. */
  async function registerPerpetrator(incidentId: string, name: string): Promise<string> {
    const data = newPerpetratorSchema.parse({ kind: 'person', name, incidentId });
    const id = await actAs(database.db, as(mayor), (tx, me) => createPerpetrator(tx, me, data));
    return `/perpetrators/${id}`;
  }

  it('reports a threat with injury on a phone; the clerk sees the duty to inform the labour inspectorate and records it', async () => {
    const [phone, clerkDesk] = await Promise.all([pageOf(councillor), pageOf(clerk)]);
    await phone.goto(`${base}/report`);
    await phone.getByRole('radio', { name: nl('level.threat'), exact: true }).tap();
    await phone.getByRole('radio', { name: nl('channel.face_to_face'), exact: true }).tap();
    await field(phone, nl('report.description')).fill(description);
    await phone.locator('summary', { hasText: nl('report.perpetrator') }).tap();
    await phone.getByRole('radio', { name: nl('perpetrator.person'), exact: true }).tap();
    await field(phone, nl('report.perpetrator_name')).fill(perpetrator);
    await phone.locator('summary', { hasText: nl('report.injury') }).tap();
    await phone.getByRole('checkbox', { name: nl('report.injury_physical') }).tap();
    await navigating(phone, () => button(phone, nl('report.submit')).tap());
    expect(location(phone)).toMatch(/^\/incidents\/[0-9a-f-]{36}\?notice=report\.done$/);
    const incidentPath = new URL(phone.url()).pathname;
    const reference = (await heading(phone))?.replace(/^Melding /, '') ?? '';

    // The reporter may open the case page, but does not handle it.
    await navigating(phone, () =>
      caseNav(phone)
        .getByRole('link', { name: nl('case.link') })
        .tap(),
    );
    expect(location(phone)).toBe(`${incidentPath}/case`);
    expect(await phone.getByText(nl('case.not_handler')).isVisible()).toBe(true);
    expect(await region(phone, nl('damage.title')).count()).toBe(0);
    expect(await fitsWidth(phone), 'case page fits a phone').toBe(true);
    await accessible(phone, 'case page for the reporter');

    await clerkDesk.goto(`${base}${incidentPath}`);
    expect(
      await clerkDesk
        .getByRole('table', { name: nl('incident.deadlines') })
        .getByRole('link', { name: nl('deadline.labour_inspectorate') })
        .isVisible(),
    ).toBe(true);
    await navigating(clerkDesk, () =>
      caseNav(clerkDesk)
        .getByRole('link', { name: nl('case.link') })
        .click(),
    );
    expect(location(clerkDesk)).toBe(`${incidentPath}/case`);
    expect(await heading(clerkDesk)).toBe(nl('case.title', { reference }));
    const duty = region(clerkDesk, nl('duty.labour_inspectorate'));
    expect(await duty.getByRole('alert').textContent()).toMatch(
      /^Er is letsel gemeld\. Meld dit direct bij de Nederlandse Arbeidsinspectie — uiterlijk \d/,
    );
    await accessible(clerkDesk, 'case page with the inspectorate duty');

    await field(duty, nl('duty.how')).fill('Webformulier Arbeidsinspectie');
    await field(duty, nl('duty.reference')).fill('NLA-2026-0042');
    await navigating(clerkDesk, () => button(duty, nl('duty.record')).click());
    expect(location(clerkDesk)).toBe(`${incidentPath}/case?notice=case.saved`);
    expect(await notice(clerkDesk)).toBe(nl('case.saved'));
    expect(await duty.getByRole('alert').count()).toBe(0);
    expect(await duty.textContent()).toContain('Webformulier Arbeidsinspectie (NLA-2026-0042)');
    await accessible(clerkDesk, 'case page with the duty done');
  });

  it('records consent, the police report and the prosecution', async () => {
    const { incidentPath } = await reportedThreat(perpetrator);
    const clerkDesk = await pageOf(clerk);
    await clerkDesk.goto(`${base}${incidentPath}/case`);
    const police = region(clerkDesk, nl('police.title'));
    // Without consent there is no report to record.
    expect(await police.locator('summary', { hasText: nl('police.report_record') }).count()).toBe(0);
    let consent = await open(police, nl('police.consent_record'));
    expect(await field(consent, nl('police.consent_person')).locator('option:checked').textContent()).toBe(councillor.name);
    await navigating(clerkDesk, () => button(consent, nl('police.consent_record')).click());
    expect(await summaryLinks(clerkDesk)).toEqual([nl('error.consent_how')]);
    consent = police.locator('details[open]', { has: clerkDesk.locator('summary', { hasText: nl('police.consent_record') }) });
    expect(await field(consent, nl('police.consent_how')).getAttribute('aria-invalid')).toBe('true');
    expect(await clerkDesk.getByRole('link', { name: nl('layout.switch_language_label') }).getAttribute('href')).toBe(
      `/lang/en?back=${encodeURIComponent(`${incidentPath}/case`)}`,
    );
    await accessible(clerkDesk, 'consent without how');
    await clerkDesk
      .getByRole('alert')
      .getByRole('link', { name: nl('error.consent_how') })
      .click();
    expect(await focusedId(clerkDesk)).toBe('field-how');

    await field(consent, nl('police.consent_how')).fill('Mondeling, aan de telefoon');
    await navigating(clerkDesk, () => button(consent, nl('police.consent_record')).click());
    expect(await notice(clerkDesk)).toBe(nl('case.saved'));
    expect(
      await police
        .getByRole('listitem')
        .filter({ hasText: `${councillor.name}: ${nl('police.consent_given')} — Mondeling, aan de telefoon` })
        .count(),
    ).toBe(1);

    const filing = await open(police, nl('police.report_record'));
    await field(filing, nl('police.registration')).fill('PL0900-2026123456');
    await navigating(clerkDesk, () => button(filing, nl('police.report_record')).click());
    expect(await notice(clerkDesk)).toBe(nl('case.saved'));
    const report = police.locator('.wb-rule', {
      has: clerkDesk.getByRole('heading', { level: 3, name: `${nl('police.reports')}: PL0900-2026123456` }),
    });
    expect(await report.count()).toBe(1);
    await accessible(clerkDesk, 'case page with a police report');

    const prosecution = await open(report, nl('police.update'));
    await field(prosecution, nl('police.prosecution_status')).selectOption({ label: nl('prosecution.pending') });
    await field(prosecution, nl('police.vpt_confirmed')).check();
    await navigating(clerkDesk, () => button(prosecution, nl('police.update')).click());
    expect(await notice(clerkDesk)).toBe(nl('case.saved'));
    /** The value in the report's data list for a label. */
    const reported = (label: string) =>
      report
        .locator('.utrecht-data-list__item', { has: clerkDesk.getByRole('term').getByText(label, { exact: true }) })
        .getByRole('definition')
        .textContent();
    expect(await reported(nl('police.prosecution_status'))).toBe(nl('prosecution.pending'));
    // Yes or no, not the account page's on and off.
    expect(await reported(nl('police.ela'))).toBe(nl('case.yes'));
    expect(await reported(nl('police.vpt_requested'))).toBe(nl('case.yes'));
    expect(await reported(nl('police.vpt_confirmed'))).toBe(nl('case.yes'));
    // The duty to report within two working days is done.
    await clerkDesk.goto(`${base}${incidentPath}`);
    const row = clerkDesk
      .getByRole('table', { name: nl('incident.deadlines') })
      .getByRole('row')
      .filter({ has: clerkDesk.getByRole('link', { name: nl('deadline.police_report') }) });
    expect(await row.getByRole('cell').last().textContent()).toBe(nl('deadline.state.done'));
    await accessible(clerkDesk, 'incident page with duties done');

    // The 7 W's to take to the police, filled from the incident.
    await clerkDesk.goto(`${base}${incidentPath}/case`);
    await navigating(clerkDesk, () => clerkDesk.getByRole('link', { name: nl('police.preparation') }).click());
    expect(await clerkDesk.getByRole('term').getByText(nl('prep.who'), { exact: true }).isVisible()).toBe(true);
    expect(await clerkDesk.getByRole('link', { name: nl('prep.pdf') }).getAttribute('href')).toBe(`${incidentPath}/case/preparation.pdf`);
    await accessible(clerkDesk, '7 W preparation');
  });

  it("adds damage in euro, refusing an amount that is not one, and puts the case on the triangle's agenda", async () => {
    const { incidentPath } = await reportedThreat(perpetrator);
    const clerkDesk = await pageOf(clerk);
    await clerkDesk.goto(`${base}${incidentPath}/case`);
    let add = await open(region(clerkDesk, nl('damage.title')), nl('damage.add'));
    await field(add, nl('damage.description')).fill('Kapotte bril');
    await field(add, nl('damage.amount')).fill('honderd');
    await navigating(clerkDesk, () => button(add, nl('damage.add')).click());
    expect(await summaryLinks(clerkDesk)).toEqual([nl('error.amount')]);
    add = region(clerkDesk, nl('damage.title')).locator('details[open]', {
      has: clerkDesk.locator('summary', { hasText: nl('damage.add') }),
    });
    expect(await field(add, nl('damage.amount')).getAttribute('aria-invalid')).toBe('true');
    await accessible(clerkDesk, 'damage with a wrong amount');

    await field(add, nl('damage.description')).fill('Kapotte bril');
    await field(add, nl('damage.amount')).fill('149,95');
    await navigating(clerkDesk, () => button(add, nl('damage.add')).click());
    expect(await notice(clerkDesk)).toBe(nl('case.saved'));
    const damage = region(clerkDesk, nl('damage.title'));
    const item = damage.getByRole('table').getByRole('row').filter({ hasText: 'Kapotte bril' });
    expect(await item.getByRole('cell').nth(1).textContent()).toBe(nl('damage.material'));
    expect(await item.getByRole('cell').nth(2).textContent()).toMatch(/^€\s149,95$/);
    await accessible(clerkDesk, 'case page with damage');

    const triangle = region(clerkDesk, nl('triangle.title'));
    await field(triangle, nl('triangle.meeting_on')).fill(plusDays(today, 7));
    await field(triangle, nl('triangle.note')).fill('Fysiek geweld na raadsvergadering');
    await navigating(clerkDesk, () => button(triangle, nl('triangle.mark')).click());
    expect(await notice(clerkDesk)).toBe(nl('case.saved'));
    expect(await button(region(clerkDesk, nl('triangle.title')), nl('triangle.unmark')).isVisible()).toBe(true);
    // The clerk handles the case but keeps no security measures and no triangle list.
    expect(await region(clerkDesk, nl('security.title')).count()).toBe(0);
    expect(
      await nav(clerkDesk)
        .getByRole('link', { name: nl('triangle.title') })
        .count(),
    ).toBe(0);
    await accessible(clerkDesk, "case page on the triangle's agenda");
  });

  it("shows the adviser the triangle's agenda; the adviser records a security measure", async () => {
    // The clerk has put the case on the triangle's agenda.
    const { incidentId, reference } = await reportedThreat(perpetrator);
    await actAs(database.db, as(clerk), (tx, me) =>
      markForTriangle(tx, me, incidentId, { meetingOn: plusDays(today, 7), note: 'Fysiek geweld na raadsvergadering', discussedOn: null }),
    );
    const adviserDesk = await pageOf(adviser);
    await adviserDesk.goto(`${base}/`);
    await navigating(adviserDesk, () =>
      nav(adviserDesk)
        .getByRole('link', { name: nl('triangle.title') })
        .click(),
    );
    expect(location(adviserDesk)).toBe('/triangle');
    expect(await heading(adviserDesk)).toBe(nl('triangle.list_title'));
    const item = adviserDesk
      .getByRole('main')
      .getByRole('listitem')
      .filter({ has: adviserDesk.getByRole('link', { name: reference }) });
    expect(await item.textContent()).toContain('Fysiek geweld na raadsvergadering');
    await accessible(adviserDesk, 'triangle agenda');

    await navigating(adviserDesk, () => item.getByRole('link', { name: reference }).click());
    await navigating(adviserDesk, () =>
      caseNav(adviserDesk)
        .getByRole('link', { name: nl('case.link') })
        .click(),
    );
    const security = region(adviserDesk, nl('security.title'));
    const form = await open(security, nl('security.add'));
    await field(form, nl('security.description')).fill('Alarmknop en camerabel thuis');
    await form.getByRole('radio', { name: nl('security.police'), exact: true }).check();
    await field(form, nl('security.own_cost')).fill('0');
    await field(form, nl('security.org_cost')).fill('1250');
    await navigating(adviserDesk, () => button(form, nl('security.add')).click());
    expect(await notice(adviserDesk)).toBe(nl('case.saved'));
    expect(
      await region(adviserDesk, nl('security.title'))
        .getByRole('listitem')
        .filter({ hasText: 'Alarmknop en camerabel thuis — Politie' })
        .textContent(),
    ).toMatch(/€\s1\.250,00/);
    await accessible(adviserDesk, 'case page with a security measure');
  });

  it('lets the mayor register the perpetrator from the incident, link it, and open the record', async () => {
    const { incidentId, incidentPath, reference } = await reportedThreat(perpetrator);
    const mayorDesk = await pageOf(mayor);
    await mayorDesk.goto(`${base}${incidentPath}`);
    await navigating(mayorDesk, () =>
      caseNav(mayorDesk)
        .getByRole('link', { name: nl('incident.perpetrators_link') })
        .click(),
    );
    expect(location(mayorDesk)).toBe(`${incidentPath}/perpetrators`);
    expect(await heading(mayorDesk)).toBe(nl('perpetrators.incident_title', { reference }));
    expect(
      await region(mayorDesk, nl('perpetrators.reported_title'))
        .getByText(`${nl('perpetrators.kind.person')} — ${perpetrator}`)
        .isVisible(),
    ).toBe(true);
    expect(await region(mayorDesk, nl('perpetrators.linked_title')).getByText(nl('perpetrators.linked_none')).isVisible()).toBe(true);
    await accessible(mayorDesk, 'perpetrators of an incident, none linked');

    await navigating(mayorDesk, () => mayorDesk.getByRole('link', { name: nl('perpetrators.new_from_incident') }).click());
    expect(location(mayorDesk)).toBe(`/perpetrators/new?incident=${incidentId}`);
    expect(await heading(mayorDesk)).toBe(nl('perpetrators.new_title'));
    // What the report says is filled in already.
    expect(await field(mayorDesk, nl('perpetrators.name')).inputValue()).toBe(perpetrator);
    expect(await mayorDesk.getByRole('radio', { name: nl('perpetrators.kind.person'), exact: true }).isChecked()).toBe(true);
    await accessible(mayorDesk, 'new perpetrator from an incident');
    await field(mayorDesk, nl('perpetrators.aliases')).fill('K. de Boer\nKarel B.');
    await navigating(mayorDesk, () => button(mayorDesk, nl('perpetrators.create')).click());
    expect(location(mayorDesk)).toBe(`${incidentPath}/perpetrators?notice=perpetrators.linked`);
    expect(await notice(mayorDesk)).toBe(nl('perpetrators.linked'));
    const linked = region(mayorDesk, nl('perpetrators.linked_title'));
    expect(await linked.getByRole('rowheader', { name: perpetrator }).isVisible()).toBe(true);
    await accessible(mayorDesk, 'perpetrators of an incident, one linked');

    // Unlinked, the register suggests the record again from the report; linking it back is one press.
    await navigating(mayorDesk, () => button(linked, nl('perpetrators.unlink_this', { name: perpetrator })).click());
    expect(await notice(mayorDesk)).toBe(nl('perpetrators.unlinked'));
    const suggestions = region(mayorDesk, nl('perpetrators.suggestions_title'));
    expect(await suggestions.getByRole('link', { name: perpetrator }).isVisible()).toBe(true);
    await accessible(mayorDesk, 'perpetrators of an incident with a suggestion');
    await navigating(mayorDesk, () => button(suggestions, nl('perpetrators.link_this', { name: perpetrator })).click());
    expect(await notice(mayorDesk)).toBe(nl('perpetrators.linked'));

    await navigating(mayorDesk, () => region(mayorDesk, nl('perpetrators.linked_title')).getByRole('link', { name: perpetrator }).click());
    expect(location(mayorDesk)).toMatch(/^\/perpetrators\/[0-9a-f-]{36}$/);
    const perpetratorPath = location(mayorDesk);
    expect(await heading(mayorDesk)).toBe(perpetrator);
    expect(await mayorDesk.getByRole('main').locator('.utrecht-alert').first().textContent()).toContain(nl('perpetrators.repeat.first'));
    const incidents = region(mayorDesk, nl('perpetrators.incidents_title'));
    expect(await incidents.getByRole('rowheader', { name: reference }).getByRole('link').getAttribute('href')).toBe(incidentPath);
    await accessible(mayorDesk, 'perpetrator record');

    // What becomes known later goes into the record.
    await navigating(mayorDesk, () => mayorDesk.getByRole('link', { name: nl('perpetrators.edit') }).click());
    expect(location(mayorDesk)).toBe(`${perpetratorPath}/edit`);
    expect(await heading(mayorDesk)).toBe(nl('perpetrators.edit_title', { name: perpetrator }));
    await field(mayorDesk, nl('perpetrators.emails')).fill('karel@');
    await navigating(mayorDesk, () => button(mayorDesk, nl('perpetrators.save')).click());
    expect(await summaryLinks(mayorDesk)).toEqual([nl('error.perpetrator_email')]);
    expect(await field(mayorDesk, nl('perpetrators.emails')).getAttribute('aria-invalid')).toBe('true');
    await accessible(mayorDesk, 'editing a perpetrator with an error');
    await field(mayorDesk, nl('perpetrators.emails')).fill('karel.deboer@example.test');
    await navigating(mayorDesk, () => button(mayorDesk, nl('perpetrators.save')).click());
    expect(location(mayorDesk)).toBe(`${perpetratorPath}?notice=perpetrators.saved`);
    // One status on the page: the notice (the record's summary is no live region).
    expect(await mayorDesk.getByRole('status').textContent()).toBe(nl('perpetrators.saved'));
    expect(await mayorDesk.getByRole('listitem').filter({ hasText: 'karel.deboer@example.test' }).count()).toBe(1);
    await accessible(mayorDesk, 'perpetrator record after editing');

    await mayorDesk.goto(`${base}/perpetrators`);
    expect(await mayorDesk.getByRole('rowheader', { name: perpetrator }).isVisible()).toBe(true);
    await accessible(mayorDesk, 'perpetrator register');
  });

  it("takes a written warning from proposal through hearing and the mayor's decision to a Word and a pdf letter", async () => {
    // The perpetrator is in the register, linked to the incident.
    const { incidentId, incidentPath, reference } = await reportedThreat('Jan Smit');
    await registerPerpetrator(incidentId, 'Jan Smit');
    const [adviserDesk, mayorDesk] = await Promise.all([pageOf(adviser), pageOf(mayor)]);
    await adviserDesk.goto(`${base}${incidentPath}`);
    await navigating(adviserDesk, () =>
      caseNav(adviserDesk)
        .getByRole('link', { name: nl('incident.measures_link') })
        .click(),
    );
    expect(location(adviserDesk)).toBe(`${incidentPath}/measures`);
    expect(await heading(adviserDesk)).toBe(nl('measures.title', { reference }));
    const propose = region(adviserDesk, nl('measures.propose'));
    expect(await propose.getByText(nl('measures.history_first')).isVisible()).toBe(true);
    await accessible(adviserDesk, 'measures page, nothing proposed');

    await propose.getByRole('radio', { name: nl('measure.kind.written_warning'), exact: true }).check();
    await navigating(adviserDesk, () => button(propose, nl('measures.propose_submit')).click());
    expect(await summaryLinks(adviserDesk)).toEqual([nl('error.reasons_required')]);
    expect(
      await region(adviserDesk, nl('measures.propose'))
        .getByRole('radio', { name: nl('measure.kind.written_warning'), exact: true })
        .isChecked(),
    ).toBe(true);
    await accessible(adviserDesk, 'proposal without reasons');
    await field(adviserDesk, nl('measure.reasons')).fill(
      'Eerste incident, maar fysiek geweld: een schriftelijke waarschuwing staat in verhouding.',
    );
    // The letter's facts are written for it; the report is never quoted (issue 11 §4).
    await field(adviserDesk, nl('measure.facts')).fill('U hebt op het stadhuis een medewerker geduwd.');
    await navigating(adviserDesk, () => button(region(adviserDesk, nl('measures.propose')), nl('measures.propose_submit')).click());
    expect(location(adviserDesk)).toBe(`${incidentPath}/measures?saved=1`);
    expect(await notice(adviserDesk)).toBe(nl('measures.saved'));

    const hearing = await open(measure(adviserDesk, 'written_warning', 'proposed'), nl('measure.hearing_record'));
    await hearing.getByRole('radio', { name: nl('measure.hearing.heard'), exact: true }).check();
    await field(hearing, nl('measure.hearing_statement')).fill('Zegt dat hij boos was over de sluiting van het zwembad.');
    await accessible(adviserDesk, 'recording the hearing');
    await navigating(adviserDesk, () => button(hearing, nl('measure.hearing_record')).click());
    expect(await notice(adviserDesk)).toBe(nl('measures.saved'));
    // The adviser proposes; the mayor decides.
    expect(
      await measure(adviserDesk, 'written_warning', 'proposed')
        .locator('summary', { hasText: nl('measure.decide') })
        .count(),
    ).toBe(0);

    await mayorDesk.goto(`${base}${incidentPath}/measures`);
    const decide = await open(measure(mayorDesk, 'written_warning', 'proposed'), nl('measure.decide'));
    await field(decide, nl('measure.decision_note')).fill('Akkoord.');
    await navigating(mayorDesk, () => button(decide, nl('measure.decide_submit')).click());
    expect(await notice(mayorDesk)).toBe(nl('measures.saved'));
    const decided = measure(mayorDesk, 'written_warning', 'decided');
    expect(await decided.getByText(nl('measure.letters_none')).isVisible()).toBe(true);
    await accessible(mayorDesk, 'decided written warning');

    for (const [format, label, magic] of [
      ['docx', nl('measure.letter_docx'), 'PK'],
      ['pdf', nl('measure.letter_pdf'), '%PDF'],
    ] as const) {
      await navigating(mayorDesk, () => button(measure(mayorDesk, 'written_warning', 'decided'), label).click());
      expect(await notice(mayorDesk)).toBe(nl('measures.saved'));
      const link = measure(mayorDesk, 'written_warning', 'decided').getByRole('link', { name: new RegExp(`\\.${format}$`) });
      expect(await link.count()).toBe(1);
      const [download] = await Promise.all([mayorDesk.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe(await link.textContent());
      const bytes = await fs.readFile(await download.path());
      expect(bytes.subarray(0, magic.length).toString('latin1'), format).toBe(magic);
    }
    await accessible(mayorDesk, 'written warning with its letters');
  });

  it('shows a ban decided by the mayor to the front desk with only the name and the last day', async () => {
    // The perpetrator is in the register, linked to the incident, and has had a written warning.
    const banned = 'Henk Visser';
    const { incidentId, incidentPath, reference } = await reportedThreat(banned);
    const perpetratorPath = await registerPerpetrator(incidentId, banned);
    const warning = await actAs(database.db, as(adviser), async (tx, me) => {
      const reasons = 'Eerste incident, maar fysiek geweld: een schriftelijke waarschuwing staat in verhouding.';
      const id = await proposeMeasure(tx, me, incidentId, proposeSchema.parse({ kind: 'written_warning', reasons }));
      await recordHearing(tx, me, id, { hearing: 'heard', statement: 'Zegt dat hij boos was over de sluiting van het zwembad.' });
      return id;
    });
    await actAs(database.db, as(mayor), (tx, me) => decideMeasure(tx, me, warning, { note: 'Akkoord.' }));
    const [adviserDesk, mayorDesk] = await Promise.all([pageOf(adviser), pageOf(mayor)]);
    const endsOn = plusDays(today, 14);
    await adviserDesk.goto(`${base}${incidentPath}/measures`);
    const propose = region(adviserDesk, nl('measures.propose'));
    await propose.getByRole('radio', { name: nl('measure.kind.ban'), exact: true }).check();
    await field(propose, nl('measure.starts_on')).fill(today);
    await field(propose, nl('measure.ends_on')).fill(endsOn);
    await field(propose, nl('measure.reasons')).fill('Geweld: twee weken geen toegang tot het stadhuis.');
    await navigating(adviserDesk, () => button(propose, nl('measures.propose_submit')).click());
    expect(await notice(adviserDesk)).toBe(nl('measures.saved'));
    const proposed = measure(adviserDesk, 'ban', 'proposed');
    expect(await proposed.getByText(nl('measure.ban_mayor_only')).isVisible()).toBe(true);
    const hearing = await open(proposed, nl('measure.hearing_record'));
    await hearing.getByRole('radio', { name: nl('measure.hearing.not_possible'), exact: true }).check();
    await field(hearing, nl('measure.hearing_statement')).fill('Niet bereikbaar op het bekende adres.');
    await navigating(adviserDesk, () => button(hearing, nl('measure.hearing_record')).click());
    await accessible(adviserDesk, 'measures page with a ban proposed');

    await mayorDesk.goto(`${base}${incidentPath}/measures`);
    const decide = await open(measure(mayorDesk, 'ban', 'proposed'), nl('measure.decide'));
    await navigating(mayorDesk, () => button(decide, nl('measure.decide_submit')).click());
    expect(
      await measure(mayorDesk, 'ban', 'decided')
        .getByText(nl('measure.period_value', { from: formatDay(today, 'nl'), until: formatDay(endsOn, 'nl') }))
        .isVisible(),
    ).toBe(true);
    await accessible(mayorDesk, 'measures page with a decided ban');

    // The record shows both measures.
    await mayorDesk.goto(`${base}${perpetratorPath}`);
    const measures = region(mayorDesk, nl('perpetrators.measures_title'));
    expect(await measures.getByRole('rowheader').allTextContents()).toEqual(
      expect.arrayContaining([nl('perpetrators.measure_kind.written_warning'), nl('perpetrators.measure_kind.ban')]),
    );
    await accessible(mayorDesk, 'perpetrator record with measures');

    const desk = await pageOf(employee);
    await navigating(desk, () =>
      nav(desk)
        .getByRole('link', { name: nl('nav.bans') })
        .click(),
    );
    expect(location(desk)).toBe('/bans');
    expect(await heading(desk)).toBe(nl('bans.title'));
    const table = desk.getByRole('main').getByRole('table');
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([nl('bans.name'), nl('bans.until')]);
    // This test's ban, whatever other bans there are.
    const ban = table.getByRole('row').filter({ has: desk.getByRole('cell', { name: banned, exact: true }) });
    expect(await ban.getByRole('cell').allTextContents()).toEqual([banned, formatDay(endsOn, 'nl')]);
    const main = (await desk.getByRole('main').textContent()) ?? '';
    for (const secret of [reference, 'Geweld', 'fietsenstalling', councillor.name, 'Niet bereikbaar'])
      expect(main, secret).not.toContain(secret);
    // The front desk sees no register and no case.
    expect(
      await nav(desk)
        .getByRole('link', { name: nl('nav.perpetrators') })
        .count(),
    ).toBe(0);
    await accessible(desk, 'bans for the front desk');
  });

  it('lets the administrator edit the letter templates, and tells a clerk the register does not exist', async () => {
    // The letter templates belong to the organisation: this administrator edits those of an
    // organisation of their own, so no other test's letters change.
    const elsewhere = await makeOrganisation(database.db, 'Gemeente Elders');
    const admin = await makeUser(database.db, elsewhere, ['admin'], 'Beheerder Blauw');
    const { incidentId, incidentPath } = await reportedThreat('Gerrit Mulder');
    const perpetratorPath = await registerPerpetrator(incidentId, 'Gerrit Mulder');
    const [adminDesk, clerkDesk] = await Promise.all([pageFor(chromium, base, admin), pageOf(clerk)]);
    await navigating(adminDesk, () =>
      nav(adminDesk)
        .getByRole('link', { name: nl('nav.settings') })
        .click(),
    );
    await navigating(adminDesk, () =>
      adminDesk
        .getByRole('main')
        .getByRole('link', { name: nl('nav.letter_settings') })
        .click(),
    );
    expect(location(adminDesk)).toBe('/settings/letters');
    expect(await heading(adminDesk)).toBe(nl('letter_settings.title'));
    await accessible(adminDesk, 'letter templates');
    const warning = region(adminDesk, nl('measure.letter_kind.written_warning'));
    await field(warning, nl('letter_settings.body')).fill('Beste {naam},\n\nOp {incidentdatum} heeft u {slachtoffer} bedreigd.');
    await navigating(adminDesk, () => button(warning, nl('letter_settings.save')).click());
    expect(await summaryLinks(adminDesk)).toEqual([nl('error.placeholder_unknown')]);
    expect(
      await field(region(adminDesk, nl('measure.letter_kind.written_warning')), nl('letter_settings.body')).getAttribute('aria-invalid'),
    ).toBe('true');
    await accessible(adminDesk, 'letter template with an unknown placeholder');
    await field(region(adminDesk, nl('measure.letter_kind.written_warning')), nl('letter_settings.body')).fill(
      'Beste {naam},\n\nOp {incidentdatum} heeft u een ambtsdrager van {gemeente} bedreigd.',
    );
    await navigating(adminDesk, () =>
      button(region(adminDesk, nl('measure.letter_kind.written_warning')), nl('letter_settings.save')).click(),
    );
    expect(location(adminDesk)).toBe('/settings/letters?saved=1');
    expect(await notice(adminDesk)).toBe(nl('letter_settings.saved'));
    expect(await region(adminDesk, nl('measure.letter_kind.written_warning')).getByText(nl('letter_settings.customised')).isVisible()).toBe(
      true,
    );
    await accessible(adminDesk, 'letter templates saved');

    const response = await clerkDesk.goto(`${base}/perpetrators`);
    expect(response?.status()).toBe(404);
    expect(await heading(clerkDesk)).toBe(nl('error.title'));
    expect(
      await nav(clerkDesk)
        .getByRole('link', { name: nl('nav.perpetrators') })
        .count(),
    ).toBe(0);
    await accessible(clerkDesk, 'not found for the clerk');
    expect((await clerkDesk.goto(`${base}${perpetratorPath}`))?.status()).toBe(404);
    expect((await clerkDesk.goto(`${base}${incidentPath}/perpetrators`))?.status()).toBe(404);
    // Nor is the link to it on the incident page.
    await clerkDesk.goto(`${base}${incidentPath}`);
    expect(
      await caseNav(clerkDesk)
        .getByRole('link', { name: nl('incident.perpetrators_link') })
        .count(),
    ).toBe(0);
  });
});
