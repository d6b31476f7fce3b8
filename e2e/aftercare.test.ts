import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAftercare } from '../src/domain/aftercare/aftercare-queries.js';
import { offerConversation, respondToConversation } from '../src/domain/aftercare/conversation.js';
import type { Organisation } from '../src/domain/organisation/organisation.js';
import type { User } from '../src/domain/user/user.js';
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

/**
 * Aftercare in the browser: after a council member reports (on a phone), the clerk, one of the
 * caregivers, finds the first conversation among their tasks, offers it, records it held with
 * confidential notes; the security adviser follows the plan without reading the notes. Then the
 * third conversation with a referral, cancelling a duty, the help page, the overdue overview and
 * the administrator's settings. One Chromium; each test has its own incident (reported through
 * the domain, with the plan as far as the test needs it, when the test is about what follows)
 * and its own pages, a context per person.
 */
describe('aftercare in the browser', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let chromium: TestChromium;
  let base: string;
  let org: Organisation;
  /** The council member, on a phone. */
  let councillor: User;
  /** The clerk, a caregiver by default for council members. */
  let clerk: User;
  /** The security adviser, informed of every incident. */
  let adviser: User;

  const notes = 'Slaapt slecht sinds het bericht. Partner is erg geschrokken; kinderen weten van niets.';

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    base = server.baseUrl;
    org = await makeOrganisation(database.db, 'Gemeente Voorbeeld');
    councillor = await makeUser(database.db, org, ['council_member'], 'Raadslid Rood');
    clerk = await makeUser(database.db, org, ['clerk'], 'Griffier Groen');
    adviser = await makeUser(database.db, org, ['security_adviser'], 'Adviseur Anna');
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
  const field = (scope: Page | Locator, label: string) => scope.getByLabel(label, { exact: true });
  const button = (scope: Page | Locator, name: string) => scope.getByRole('button', { name, exact: true });
  const summaryLinks = (page: Page) => page.getByRole('alert').getByRole('link').allTextContents();
  /** One conversation's block on the aftercare page, found by its heading ("Gesprek 1 — …"). */
  const conversation = (page: Page, number: number) =>
    page.getByRole('region', { name: new RegExp(`^${nl('aftercare.conversation', { number: String(number) })} — `) });
  const open = openDetails;
  /** The person's own page for this test, signed in (the council member on a phone). */
  const pageOf = (user: User) => pageFor(chromium, base, user, user === councillor ? PHONE : {});
  const as = (user: User) => ({ user, organisation: org });

  /**
   * The threat the council member reports on the phone, but reported through the domain, with
   * its aftercare plan: for the tests about the plan.
   */
  async function reportedThreat() {
    const incidentId = await createIncident(database.db, as(councillor), {
      occurredAt: new Date().toISOString(),
      channel: 'phone',
      level: 'threat',
      behaviours: [],
      description: 'Anonieme beller: "We weten waar je kinderen op school zitten."',
    });
    const reference = await referenceOf(database.db, org, incidentId);
    return { incidentId, reference, aftercarePath: `/incidents/${incidentId}/aftercare` };
  }

  /** The id of the incident's conversation with this number (1, 2 or 3). */
  async function conversationId(incidentId: string, number: number): Promise<string> {
    const [plan] = await actAs(database.db, as(clerk), (tx, me) => getAftercare(tx, me, incidentId));
    const found = plan?.conversations.find((c) => c.number === number);
    if (!found) throw new Error(`no conversation ${number} for incident ${incidentId}`);
    return found.id;
  }

  /** Two weeks on (the clock, played by the database): the second conversation is late. */
  async function secondConversationLate(incidentId: string) {
    await database.admin.query(
      "UPDATE deadline SET state = 'overdue', due_at = now() - interval '1 day' WHERE incident_id = $1 AND kind = 'aftercare_2'",
      [incidentId],
    );
  }

  it("brings the first conversation to the clerk's tasks after a council member reports on a phone", async () => {
    const [phone, desk] = await Promise.all([pageOf(councillor), pageOf(clerk)]);
    await phone.goto(`${base}/report`);
    await phone.getByRole('radio', { name: nl('level.threat'), exact: true }).tap();
    await phone.getByRole('radio', { name: nl('channel.phone'), exact: true }).tap();
    await field(phone, nl('report.description')).fill('Anonieme beller: "We weten waar je kinderen op school zitten."');
    await navigating(phone, () => button(phone, nl('report.submit')).tap());
    expect(location(phone)).toMatch(/^\/incidents\/[0-9a-f-]{36}\?notice=report\.done$/);
    const incidentId = new URL(phone.url()).pathname.split('/')[2]!;
    const aftercarePath = `/incidents/${incidentId}/aftercare`;
    const reference = (await heading(phone))?.replace(/^Melding /, '') ?? '';
    expect(reference).toMatch(/^M-\d{5}$/);

    await navigating(desk, () =>
      nav(desk)
        .getByRole('link', { name: nl('nav.tasks') })
        .click(),
    );
    expect(location(desk)).toBe('/tasks');
    expect(await heading(desk)).toBe(nl('tasks.title'));
    expect(
      await nav(desk)
        .getByRole('link', { name: nl('nav.tasks') })
        .getAttribute('aria-current'),
    ).toBe('page');
    const open = desk.getByRole('table', { name: nl('tasks.open') });
    // This incident's first conversation, whatever else the clerk has to do.
    const first = open
      .getByRole('row')
      .filter({ has: desk.getByRole('link', { name: reference, exact: true }) })
      .filter({ has: desk.getByRole('link', { name: nl('deadline.aftercare_1'), exact: true }) });
    expect(await first.count()).toBe(1);
    expect(await first.getByRole('link', { name: reference }).getAttribute('href')).toBe(`/incidents/${incidentId}`);
    expect(await first.getByRole('cell').last().textContent()).toBe(nl('deadline.state.open'));
    expect(await first.getByRole('link', { name: nl('deadline.aftercare_1') }).getAttribute('href')).toBe(aftercarePath);
    await accessible(desk, 'tasks of the clerk');

    // The council member has no tasks of their own.
    await navigating(phone, () =>
      nav(phone)
        .getByRole('link', { name: nl('nav.tasks') })
        .tap(),
    );
    expect(await phone.getByRole('main').getByText(nl('tasks.none')).isVisible()).toBe(true);
    expect(await fitsWidth(phone), 'tasks fit a phone').toBe(true);
    await accessible(phone, 'tasks of the council member');
  });

  it('lets the clerk open the plan from the incident page and offer the first conversation; the council member accepts on a phone', async () => {
    const { incidentId, reference, aftercarePath } = await reportedThreat();
    const [phone, desk] = await Promise.all([pageOf(councillor), pageOf(clerk)]);
    // From the clerk's tasks, to the incident.
    await desk.goto(`${base}/tasks`);
    await navigating(desk, () => desk.getByRole('link', { name: reference, exact: true }).first().click());
    expect(location(desk)).toBe(`/incidents/${incidentId}`);
    const caseNav = desk.getByRole('navigation', { name: nl('incident.case_nav') });
    // The incident page lists the duties that run for it.
    const deadlines = desk.getByRole('table', { name: nl('incident.deadlines') });
    expect(await deadlines.getByRole('link', { name: nl('deadline.aftercare_1') }).isVisible()).toBe(true);
    await accessible(desk, 'incident page with its deadlines');
    await navigating(desk, () => caseNav.getByRole('link', { name: nl('aftercare.link') }).click());
    expect(location(desk)).toBe(aftercarePath);
    expect(await heading(desk)).toBe(nl('aftercare.title', { reference }));
    expect(await desk.getByRole('heading', { level: 2, name: nl('aftercare.for', { name: councillor.name }) }).isVisible()).toBe(true);
    for (const n of [1, 2, 3]) {
      expect(await conversation(desk, n).getByRole('heading').textContent()).toBe(
        `${nl('aftercare.conversation', { number: String(n) })} — ${nl('aftercare.state.planned')}`,
      );
    }
    // The help contacts stand beside the plan.
    expect(await desk.getByRole('link', { name: '0900 0101' }).first().getAttribute('href')).toBe('tel:09000101');
    await accessible(desk, 'aftercare plan, nothing offered yet');
    const first = conversation(desk, 1);
    await open(first, nl('aftercare.hold'));
    await open(first, nl('deadline.cancel'));
    await accessible(desk, 'aftercare plan with the forms open');

    await navigating(desk, () => button(first, nl('aftercare.offer')).click());
    expect(location(desk)).toBe(`${aftercarePath}?notice=aftercare.saved`);
    expect(await notice(desk)).toBe(nl('aftercare.saved'));
    expect(await conversation(desk, 1).getByRole('heading').textContent()).toContain(nl('aftercare.state.offered'));
    await accessible(desk, 'aftercare plan after an offer');
    // Offered once: the offer is gone; the clerk may record the answer, or plan a date and time.
    const offeredDesk = conversation(desk, 1);
    expect(await button(offeredDesk, nl('aftercare.offer')).count()).toBe(0);
    expect(await button(offeredDesk, nl('aftercare.record_accept')).count()).toBe(1);
    expect(await button(offeredDesk, nl('aftercare.record_decline')).count()).toBe(1);
    expect(await offeredDesk.getByText(nl('aftercare.waiting', { name: councillor.name })).isVisible()).toBe(true);
    const plan = await open(offeredDesk, nl('aftercare.plan'));
    await field(plan, nl('aftercare.plan_date')).fill('2026-12-01');
    await field(plan, nl('aftercare.plan_time')).fill('14:00');
    await navigating(desk, () => button(plan, nl('aftercare.plan')).click());
    expect(await notice(desk)).toBe(nl('aftercare.saved'));
    expect(await conversation(desk, 1).getByRole('definition').filter({ hasText: '1 december 2026 om 14:00' }).count()).toBe(1);
    await accessible(desk, 'aftercare plan with a planned conversation');

    // The council member goes from their incident to the plan and accepts.
    await phone.goto(`${base}/incidents/${incidentId}`);
    await navigating(phone, () =>
      phone
        .getByRole('navigation', { name: nl('incident.case_nav') })
        .getByRole('link', { name: nl('aftercare.link') })
        .tap(),
    );
    expect(location(phone)).toBe(aftercarePath);
    const offered = conversation(phone, 1);
    expect(await offered.getByRole('heading').textContent()).toContain(nl('aftercare.state.offered'));
    // Not a caregiver: nothing to offer, hold or cancel.
    expect(await button(phone, nl('aftercare.offer')).count()).toBe(0);
    expect(await phone.locator('summary', { hasText: nl('aftercare.hold') }).count()).toBe(0);
    expect(await fitsWidth(phone), 'aftercare plan fits a phone').toBe(true);
    await accessible(phone, 'aftercare plan for the affected person');
    await navigating(phone, () => button(offered, nl('aftercare.accept')).tap());
    expect(await notice(phone)).toBe(nl('aftercare.saved'));
    expect(await conversation(phone, 1).getByRole('heading').textContent()).toContain(nl('aftercare.state.accepted'));
    // Answered: no buttons left to answer again.
    expect(await button(conversation(phone, 1), nl('aftercare.accept')).count()).toBe(0);
    expect(await button(conversation(phone, 1), nl('aftercare.decline')).count()).toBe(0);
    expect(await fitsWidth(phone), 'aftercare plan after accepting fits a phone').toBe(true);
    await accessible(phone, 'aftercare plan after accepting');
  });

  it('keeps the notes of a held conversation with the caregivers and the affected person, not the adviser', async () => {
    // The clerk has offered the first conversation and the council member has accepted.
    const { incidentId, reference, aftercarePath } = await reportedThreat();
    const firstId = await conversationId(incidentId, 1);
    await actAs(database.db, as(clerk), (tx, me) => offerConversation(tx, me, firstId));
    await actAs(database.db, as(councillor), (tx, me) => respondToConversation(tx, me, firstId, 'accept'));
    const [phone, desk, adviserDesk] = await Promise.all([pageOf(councillor), pageOf(clerk), pageOf(adviser)]);
    await desk.goto(`${base}${aftercarePath}`);
    const first = conversation(desk, 1);
    expect(await first.getByRole('heading').textContent()).toContain(nl('aftercare.state.accepted'));
    const form = await open(first, nl('aftercare.hold'));
    expect(await field(form, nl('aftercare.held_date')).inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await field(form, nl('aftercare.held_time')).inputValue()).toMatch(/^\d{2}:\d{2}$/);
    expect(
      await field(form, nl('aftercare.notes')).evaluate(
        (el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent,
      ),
    ).toBe(nl('aftercare.notes_hint'));
    await field(form, nl('aftercare.notes')).fill(notes);
    await navigating(desk, () => button(form, nl('aftercare.hold')).click());
    expect(await notice(desk)).toBe(nl('aftercare.saved'));
    const held = conversation(desk, 1);
    expect(await held.getByRole('heading').textContent()).toContain(nl('aftercare.state.held'));
    expect(await held.getByRole('definition').filter({ hasText: notes }).count()).toBe(1);
    expect(await held.getByText(new RegExp(`^${nl('aftercare.state.held')} op .* door ${clerk.name}$`)).count()).toBe(1);
    // Held: no more offering or recording.
    expect(await button(held, nl('aftercare.offer')).count()).toBe(0);
    await accessible(desk, 'aftercare plan with a held conversation');

    // The adviser follows the plan but never reads what was said.
    await adviserDesk.goto(`${base}${aftercarePath}`);
    expect(await heading(adviserDesk)).toBe(nl('aftercare.title', { reference }));
    expect(await conversation(adviserDesk, 1).getByRole('heading').textContent()).toContain(nl('aftercare.state.held'));
    expect(await adviserDesk.getByRole('main').textContent()).not.toContain(notes);
    expect(await adviserDesk.getByText(nl('aftercare.notes'), { exact: true }).count()).toBe(0);
    expect(await adviserDesk.locator('summary', { hasText: nl('aftercare.hold') }).count()).toBe(0);
    expect(await button(adviserDesk, nl('aftercare.offer')).count()).toBe(0);
    await accessible(adviserDesk, 'aftercare plan for the adviser');

    // The council member does.
    await phone.goto(`${base}${aftercarePath}`);
    expect(await conversation(phone, 1).getByRole('definition').filter({ hasText: notes }).count()).toBe(1);
    expect(await fitsWidth(phone), 'held conversation fits a phone').toBe(true);
    await accessible(phone, 'held conversation for the affected person');
  });

  it('asks for a referral when the third conversation shows that recovery stalls', async () => {
    const { aftercarePath } = await reportedThreat();
    const desk = await pageOf(clerk);
    await desk.goto(`${base}${aftercarePath}`);
    let form = await open(conversation(desk, 3), nl('aftercare.hold'));
    await form.getByRole('checkbox', { name: nl('aftercare.stalled') }).check();
    await field(form, nl('aftercare.notes')).fill('Piekert nog veel, vermijdt de raadsvergadering.');
    await navigating(desk, () => button(form, nl('aftercare.hold')).click());
    // The page answers the form's address; its frame (here: the language switch) is the plan's.
    expect(location(desk)).toMatch(/^\/aftercare\/[0-9a-f-]{36}\/hold$/);
    expect(await summaryLinks(desk)).toEqual([nl('error.referral_needed')]);
    await desk.waitForFunction(() => document.activeElement?.classList.contains('wb-error-summary'));
    // The form comes back open, as filled in, with the message at the referral.
    form = conversation(desk, 3).locator('details[open]', { has: desk.locator('summary', { hasText: nl('aftercare.hold') }) });
    const referral = field(form, nl('aftercare.refer_to'));
    expect(await referral.getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByText(nl('error.referral_needed'), { exact: true }).isVisible()).toBe(true);
    expect(await form.getByRole('checkbox', { name: nl('aftercare.stalled') }).isChecked()).toBe(true);
    expect(await field(form, nl('aftercare.notes')).inputValue()).toBe('Piekert nog veel, vermijdt de raadsvergadering.');
    expect(await desk.getByRole('link', { name: nl('layout.switch_language_label') }).getAttribute('href')).toBe(
      `/lang/en?back=${encodeURIComponent(aftercarePath)}`,
    );
    await accessible(desk, 'third conversation without a referral');
    await desk
      .getByRole('alert')
      .getByRole('link', { name: nl('error.referral_needed') })
      .click();
    expect(await focusedId(desk)).toBe(await referral.getAttribute('id'));

    await referral.selectOption({ label: 'Slachtofferhulp Nederland' });
    await navigating(desk, () => button(form, nl('aftercare.hold')).click());
    expect(location(desk)).toBe(`${aftercarePath}?notice=aftercare.saved`);
    expect(await notice(desk)).toBe(nl('aftercare.saved'));
    const third = conversation(desk, 3);
    expect(await third.getByRole('heading').textContent()).toContain(nl('aftercare.state.held'));
    expect(await third.getByText(nl('aftercare.stalled'), { exact: true }).isVisible()).toBe(true);
    const referrals = desk
      .getByRole('list')
      .filter({ has: desk.getByRole('listitem').filter({ hasText: `Slachtofferhulp Nederland (${clerk.name}` }) });
    expect(await referrals.count()).toBe(1);
    expect(await desk.getByRole('heading', { level: 3, name: nl('aftercare.referrals') }).isVisible()).toBe(true);
    await accessible(desk, 'aftercare plan with a referral');
  });

  it('shows the adviser the duties that are overdue', async () => {
    const { incidentId, reference } = await reportedThreat();
    await secondConversationLate(incidentId);
    const [desk, adviserDesk] = await Promise.all([pageOf(clerk), pageOf(adviser)]);
    await navigating(adviserDesk, () =>
      nav(adviserDesk)
        .getByRole('link', { name: nl('nav.tasks') })
        .click(),
    );
    await navigating(adviserDesk, () => adviserDesk.getByRole('link', { name: nl('tasks.overview_link') }).click());
    expect(location(adviserDesk)).toBe('/tasks/overdue');
    expect(await heading(adviserDesk)).toBe(nl('tasks.overview_title'));
    // This incident's late conversation, whatever else is late.
    const late = adviserDesk
      .getByRole('table', { name: nl('tasks.overdue') })
      .getByRole('row')
      .filter({ has: adviserDesk.getByRole('link', { name: reference, exact: true }) })
      .filter({ has: adviserDesk.getByRole('link', { name: nl('deadline.aftercare_2') }) });
    expect(await late.count()).toBe(1);
    expect(await late.getByRole('link', { name: reference }).isVisible()).toBe(true);
    // A status that stands out, saying how late (the clock moved a day on).
    const state = late.getByRole('cell').last();
    expect(await state.textContent()).toBe(nl('deadline.overdue_by', { late: nl('deadline.late_day') }));
    expect(await state.locator('strong.wb-overdue').count()).toBe(1);
    await accessible(adviserDesk, 'overview of overdue duties');

    // The clerk sees it at the top of their tasks; the overview is not theirs.
    await desk.goto(`${base}/tasks`);
    expect(
      await desk
        .getByRole('table', { name: nl('tasks.overdue') })
        .getByRole('row')
        .filter({ has: desk.getByRole('link', { name: reference, exact: true }) })
        .getByRole('link', { name: nl('deadline.aftercare_2') })
        .isVisible(),
    ).toBe(true);
    expect(await desk.getByRole('link', { name: nl('tasks.overview_link') }).count()).toBe(0);
    await accessible(desk, 'tasks with an overdue duty');
  });

  it('cancels a duty only with a reason', async () => {
    // The second conversation is late, as in the overview of overdue duties.
    const { incidentId, aftercarePath } = await reportedThreat();
    await secondConversationLate(incidentId);
    const desk = await pageOf(clerk);
    await desk.goto(`${base}${aftercarePath}`);
    let form = await open(conversation(desk, 2), nl('deadline.cancel'));
    await navigating(desk, () => button(form, nl('deadline.cancel')).click());
    expect(location(desk)).toBe(`${aftercarePath}?error=error.reason_required`);
    expect(await desk.getByRole('alert').textContent()).toBe(nl('error.reason_required'));
    expect(await conversation(desk, 2).getByRole('definition').first().textContent()).toContain(nl('deadline.state.overdue'));
    await accessible(desk, 'aftercare plan after a cancel without reason');

    form = await open(conversation(desk, 2), nl('deadline.cancel'));
    await field(form, nl('deadline.cancel_reason')).fill('Raadslid wil geen tweede gesprek; eerste gesprek was voldoende.');
    await navigating(desk, () => button(form, nl('deadline.cancel')).click());
    expect(location(desk)).toBe(`${aftercarePath}?notice=deadline.cancelled`);
    expect(await notice(desk)).toBe(nl('deadline.cancelled'));
    expect(await conversation(desk, 2).getByRole('definition').first().textContent()).toContain(nl('deadline.state.cancelled'));
    expect(
      await conversation(desk, 2)
        .locator('summary', { hasText: nl('deadline.cancel') })
        .count(),
    ).toBe(0);
    await accessible(desk, 'aftercare plan after cancelling a duty');
  });

  it('lets the administrator set the timings and keep the help contacts current; the help page calls them', async () => {
    // Timings and contacts belong to the organisation: these are changed in an organisation of
    // their own, so no other test's plan or help page changes with them.
    const elsewhere = await makeOrganisation(database.db, 'Gemeente Elders');
    const admin = await makeUser(database.db, elsewhere, ['admin'], 'Beheerder Blauw');
    const member = await makeUser(database.db, elsewhere, ['council_member'], 'Raadslid Roos');
    const [adminDesk, phone] = await Promise.all([pageFor(chromium, base, admin), pageFor(chromium, base, member, PHONE)]);
    await navigating(adminDesk, () =>
      nav(adminDesk)
        .getByRole('link', { name: nl('nav.settings') })
        .click(),
    );
    await navigating(adminDesk, () =>
      adminDesk
        .getByRole('main')
        .getByRole('link', { name: nl('aftercare_settings.title') })
        .click(),
    );
    expect(location(adminDesk)).toBe('/settings/aftercare');
    expect(await heading(adminDesk)).toBe(nl('aftercare_settings.title'));
    await accessible(adminDesk, 'aftercare settings');

    await field(adminDesk, nl('aftercare_settings.first')).fill('veel');
    await navigating(adminDesk, () => button(adminDesk, nl('aftercare_settings.save')).click());
    expect(await summaryLinks(adminDesk)).toEqual([nl('error.number')]);
    expect(await field(adminDesk, nl('aftercare_settings.first')).getAttribute('aria-invalid')).toBe('true');
    expect(await field(adminDesk, nl('aftercare_settings.first')).inputValue()).toBe('veel');
    await accessible(adminDesk, 'aftercare settings with an error');

    await field(adminDesk, nl('aftercare_settings.first')).fill('72');
    await field(adminDesk, nl('aftercare_settings.second')).fill('336');
    await navigating(adminDesk, () => button(adminDesk, nl('aftercare_settings.save')).click());
    expect(location(adminDesk)).toBe('/settings/aftercare?notice=aftercare_settings.saved');
    expect(await notice(adminDesk)).toBe(nl('aftercare_settings.saved'));
    expect(await field(adminDesk, nl('aftercare_settings.first')).inputValue()).toBe('72');
    await accessible(adminDesk, 'aftercare settings saved');

    // A contact of the organisation's own, then a new number for it.
    await adminDesk.goto(`${base}/settings`);
    await navigating(adminDesk, () =>
      adminDesk
        .getByRole('main')
        .getByRole('link', { name: nl('contacts.title') })
        .click(),
    );
    expect(location(adminDesk)).toBe('/settings/contacts');
    await accessible(adminDesk, 'contacts');
    await navigating(adminDesk, () => adminDesk.getByRole('link', { name: nl('contacts.add') }).click());
    expect(location(adminDesk)).toBe('/settings/contacts/new');
    await accessible(adminDesk, 'new contact');
    await navigating(adminDesk, () => button(adminDesk, nl('contacts.save')).click());
    expect(await summaryLinks(adminDesk)).toContain(nl('error.name_required'));
    await accessible(adminDesk, 'new contact with an error');
    await field(adminDesk, nl('contacts.name')).fill('Bedrijfsarts');
    await field(adminDesk, nl('contacts.phone')).fill('0592 111 222');
    await field(adminDesk, nl('contacts.available')).fill('Werkdagen 8–17 uur');
    await navigating(adminDesk, () => button(adminDesk, nl('contacts.save')).click());
    expect(location(adminDesk)).toBe('/settings/contacts?notice=contacts.saved');
    expect(await notice(adminDesk)).toBe(nl('contacts.saved'));
    const edit = adminDesk.getByRole('link', { name: `${nl('contacts.edit')}: Bedrijfsarts` });
    await navigating(adminDesk, () => edit.click());
    expect(location(adminDesk)).toMatch(/^\/settings\/contacts\/[0-9a-f-]{36}$/);
    expect(await heading(adminDesk)).toBe('Bedrijfsarts');
    expect(await field(adminDesk, nl('contacts.phone')).inputValue()).toBe('0592 111 222');
    await accessible(adminDesk, 'editing a contact');
    await field(adminDesk, nl('contacts.phone')).fill('0592 111 333');
    await navigating(adminDesk, () => button(adminDesk, nl('contacts.save')).click());
    expect(await notice(adminDesk)).toBe(nl('contacts.saved'));
    expect(await adminDesk.getByRole('listitem').filter({ hasText: 'Bedrijfsarts — 0592 111 333' }).count()).toBe(1);
    await accessible(adminDesk, 'contacts after editing');

    // The council member finds every contact, with numbers that call.
    await navigating(phone, () =>
      nav(phone)
        .getByRole('link', { name: nl('nav.help') })
        .tap(),
    );
    expect(location(phone)).toBe('/help');
    expect(await heading(phone)).toBe(nl('help.title'));
    expect(await phone.getByText(nl('help.emergency')).isVisible()).toBe(true);
    const card = (name: string) => phone.getByRole('listitem').filter({ has: phone.getByRole('heading', { level: 3, name, exact: true }) });
    expect(await card('Slachtofferhulp Nederland').getByRole('link', { name: '0900 0101' }).getAttribute('href')).toBe('tel:09000101');
    expect(await card('Bedrijfsarts').getByRole('link', { name: '0592 111 333' }).getAttribute('href')).toBe('tel:0592111333');
    expect(await card('Bedrijfsarts').getByText('Werkdagen 8–17 uur').isVisible()).toBe(true);
    const calls = await phone
      .getByRole('main')
      .locator('a[href^="tel:"]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(calls.length).toBeGreaterThan(2);
    for (const href of calls) expect(href).toMatch(/^tel:\+?\d+$/);
    expect(await fitsWidth(phone), 'help page fits a phone').toBe(true);
    await accessible(phone, 'help page');
  });
});
