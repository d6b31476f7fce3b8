import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localEvidenceStore } from '../src/domain/evidence/evidence-store.js';
import { uploadEvidence } from '../src/domain/evidence/upload-evidence.js';
import { addOnlineMessage } from '../src/domain/incident/handle-incident.js';
import type { Organisation } from '../src/domain/organisation/organisation.js';
import type { User } from '../src/domain/user/user.js';
import { formatDateTime } from '../src/http/i18n/index.js';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { actAs, createIncident, makeOrganisation, makeUser, referenceOf } from '../test/factories.js';
import { testEvidenceDir } from '../test/http.js';
import {
  en,
  expectAccessible,
  fitsWidth,
  focusedId,
  launchChromium,
  location,
  navigating,
  nl,
  pageFor,
  PHONE,
  startServer,
  type RunningServer,
  type TestChromium,
} from '../test/browser.js';

/** A 1×1 PNG: what a screenshot looks like to the server. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
/** A Windows program (MZ header) dressed up as a photo. */
const PROGRAM = Buffer.concat([Buffer.from('MZ'), randomBytes(4096)]);

/**
 * Reporting and handling an incident in the browser, as the people involved do it: a council
 * member on a phone reports, the clerk (routed by default) handles, the consult path, drafts,
 * the routing settings and the English pages. One Chromium; each test has its own pages, a
 * context per person, and its own incident (reported through the domain when the test is about
 * what follows the report).
 */
describe('incidents in the browser', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let chromium: TestChromium;
  let base: string;
  let tmp: string;
  let org: Organisation;
  /** The council member, on a phone. */
  let councillor: User;
  /** The clerk, at a desk. */
  let clerk: User;
  let alderman: User;

  const description = 'Iemand stuurde via Instagram: "We weten waar je woont."';

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.db);
    base = server.baseUrl;
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-e2e-files-'));
    org = await makeOrganisation(database.db, 'Gemeente Voorbeeld');
    councillor = await makeUser(database.db, org, ['council_member'], 'Raadslid Rood');
    clerk = await makeUser(database.db, org, ['clerk'], 'Griffier Groen');
    alderman = await makeUser(database.db, org, ['alderman'], 'Wethouder Wit');
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await database?.close();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
  const notice = (page: Page) => page.getByRole('status').textContent();
  const nav = (page: Page) => page.getByRole('navigation', { name: nl('layout.nav') });
  const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
  const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
  const radio = (page: Page, name: string) => page.getByRole('radio', { name, exact: true });
  const summaryLinks = (page: Page) => page.getByRole('alert').getByRole('link').allTextContents();
  /** The value shown on the incident page for a label in its data list. */
  const detail = (page: Page, label: string) =>
    page
      .locator('.utrecht-data-list__item', { has: page.getByRole('term').getByText(label, { exact: true }) })
      .getByRole('definition')
      .textContent();
  const timeline = (page: Page) =>
    page
      .getByRole('region', { name: nl('incident.timeline') })
      .getByRole('listitem')
      .allTextContents();

  /** Opens every optional section of the report form, as someone curious would. */
  async function openAllSections(page: Page) {
    const closed = page.locator('details:not([open]) > summary');
    while ((await closed.count()) > 0) await closed.first().click();
    expect(await page.locator('details[open]').count()).toBe(5);
  }

  /** The four required answers; date and time are already filled in with now. */
  async function answerRequired(page: Page, text: string) {
    await radio(page, nl('level.threat')).tap();
    await radio(page, nl('channel.social_media')).tap();
    await field(page, nl('report.description')).fill(text);
  }

  /** The person's own page for this test, signed in (the council member on a phone). */
  const pageOf = (user: User) => pageFor(chromium, base, user, user === councillor ? PHONE : {});
  const as = (user: User) => ({ user, organisation: org });
  const incidentCount = () => database.admin.query('SELECT count(*)::int AS n FROM incident').then((r) => r.rows[0].n as number);

  /** The threat the council member reports with only the four required answers, reported through the domain. */
  async function reportedThreat() {
    const id = await createIncident(database.db, as(councillor), {
      occurredAt: new Date().toISOString(),
      channel: 'social_media',
      level: 'threat',
      behaviours: [],
      description,
    });
    return { incidentId: id, incidentPath: `/incidents/${id}`, reference: await referenceOf(database.db, org, id) };
  }

  async function writeFile(name: string, bytes: Buffer) {
    const file = path.join(tmp, name);
    await fs.writeFile(file, bytes);
    return file;
  }

  it('explains what is missing when a council member sends the report form empty', async () => {
    const phone = await pageOf(councillor);
    const incidentsBefore = await incidentCount();
    await navigating(phone, () =>
      nav(phone)
        .getByRole('link', { name: nl('nav.report') })
        .tap(),
    );
    expect(location(phone)).toBe('/report');
    expect(await heading(phone)).toBe(nl('report.title'));
    expect(await fitsWidth(phone), 'report form fits a phone').toBe(true);
    // Date and time are filled in with now (Amsterdam time): most people report soon after.
    expect(await field(phone, nl('report.date')).inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await field(phone, nl('report.time')).inputValue()).toMatch(/^\d{2}:\d{2}$/);
    // The norm is taught on the form itself: each level says what it covers.
    const threat = radio(phone, nl('level.threat'));
    expect(
      await threat.evaluate((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent)
          .join(' '),
      ),
    ).toBe(nl('level.threat.hint'));
    // Only the four questions show; the optional ones wait behind their headings.
    expect(await phone.locator('details[open]').count()).toBe(0);
    // A required question nobody has answered yet is not shown as a mistake (no red border).
    const whatHappened = field(phone, nl('report.description'));
    expect(await whatHappened.getAttribute('aria-required')).toBe('true');
    const border = (el: Element) => getComputedStyle(el).borderBlockEndColor;
    expect(await whatHappened.evaluate(border)).toBe(await field(phone, nl('report.witnesses')).evaluate(border));
    await expectAccessible(phone, 'report form');
    await openAllSections(phone);
    expect(await fitsWidth(phone), 'report form with every section open fits a phone').toBe(true);
    await expectAccessible(phone, 'report form with every section open');

    await navigating(phone, () => button(phone, nl('report.submit')).tap());
    expect(location(phone)).toBe('/report');
    const summary = phone.getByRole('alert');
    expect(await summary.getByRole('heading', { name: nl('form.error_summary') }).isVisible()).toBe(true);
    // In the order of the form: level, (date and time are fine), channel, description.
    expect(await summaryLinks(phone)).toEqual([nl('error.level_required'), nl('error.channel_required'), nl('error.description_required')]);
    expect(await summary.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
      '#field-level',
      '#field-channel',
      '#field-description',
    ]);
    await phone.waitForFunction(() => document.activeElement?.classList.contains('wb-error-summary'));
    // On a narrow screen the messages go under the heading, not squeezed into a column beside it.
    const title = await summary.getByRole('heading').boundingBox();
    const messages = await summary.getByRole('list').boundingBox();
    expect(messages!.y).toBeGreaterThanOrEqual(title!.y + title!.height);
    // The date and time typed (here: prefilled) survive the round trip.
    expect(await field(phone, nl('report.date')).inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Each group says what is wrong with it.
    expect(
      await phone
        .getByRole('group', { name: nl('report.level') })
        .getByText(nl('error.level_required'))
        .isVisible(),
    ).toBe(true);
    expect(await field(phone, nl('report.description')).getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(phone, 'report form with errors');
    await openAllSections(phone);
    await expectAccessible(phone, 'report form with errors and every section open');

    // Each link brings the keyboard to its question.
    for (const [message, id] of [
      [nl('error.level_required'), 'field-level'],
      [nl('error.channel_required'), 'field-channel'],
      [nl('error.description_required'), 'field-description'],
    ] as const) {
      await summary.getByRole('link', { name: message }).click();
      expect(await focusedId(phone), message).toBe(id);
    }
    // Nothing was stored.
    expect(await incidentCount()).toBe(incidentsBefore);
  });

  it('lets the council member report a threat on a phone with only the four required answers', async () => {
    const phone = await pageOf(councillor);
    await phone.goto(`${base}/report`);
    await answerRequired(phone, description);
    expect(await radio(phone, nl('level.threat')).isChecked()).toBe(true);
    expect(await radio(phone, nl('channel.social_media')).isChecked()).toBe(true);
    await navigating(phone, () => button(phone, nl('report.submit')).tap());

    expect(location(phone)).toMatch(/^\/incidents\/[0-9a-f-]{36}\?notice=report\.done$/);
    // The notice says who was informed, by name and role, and the page lists them.
    expect(await notice(phone)).toContain(`${clerk.name} (${nl('role.clerk')})`);
    expect(
      await phone
        .getByRole('region', { name: nl('incident.informed') })
        .getByRole('listitem')
        .allTextContents(),
    ).toContain(`${clerk.name} (${nl('role.clerk')})`);
    const reference = (await heading(phone))?.replace(/^Melding /, '') ?? '';
    expect(reference).toMatch(/^M-\d{5}$/);
    expect(await detail(phone, nl('incidents.status'))).toBe(nl('status.reported'));
    expect(await detail(phone, nl('incidents.level'))).toBe(nl('level.threat'));
    expect(await detail(phone, nl('incidents.channel'))).toBe(nl('channel.social_media'));
    expect(await detail(phone, nl('report.description'))).toBe(description);
    expect(await detail(phone, nl('incident.reporter'))).toBe(councillor.name);
    // The reporter adds information but does not handle: no status buttons.
    expect(await phone.getByRole('region', { name: nl('incident.status_change') }).count()).toBe(0);
    expect(await fitsWidth(phone), 'incident page fits a phone').toBe(true);
    await expectAccessible(phone, 'incident page after reporting');
  });

  it('keeps online messages and evidence with the incident, and refuses a program posing as a photo', async () => {
    const { incidentPath } = await reportedThreat();
    const phone = await pageOf(councillor);
    await phone.goto(`${base}${incidentPath}`);
    const online = phone.getByRole('region', { name: nl('incident.online_log') });
    expect(await online.getByText(nl('incident.online_none')).isVisible()).toBe(true);
    // When it was sent is asked, not filled in with the moment of reporting.
    expect(await field(phone, nl('report.date')).inputValue()).toBe('');
    expect(await field(phone, nl('report.time')).inputValue()).toBe('');
    await field(phone, nl('report.date')).fill('2025-03-14');
    await field(phone, nl('report.time')).fill('21:47');
    await field(phone, nl('report.account')).fill('@anoniem123');
    // Pasted without https://, as an address bar shows it: the server completes it.
    await field(phone, nl('incident.message_url')).fill('www.instagram.com/p/voorbeeld');
    await field(phone, nl('incident.message_content')).fill('Je bent nergens veilig.');
    await navigating(phone, () => button(phone, nl('incident.message_add')).tap());
    expect(location(phone)).toBe(`${incidentPath}?notice=incident.message_added`);
    // Back at the log with the new message, not at the top of the page.
    expect(new URL(phone.url()).hash).toBe('#online-log');
    expect(await phone.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    expect(await notice(phone)).toBe(nl('incident.message_added'));
    const row = online.getByRole('table').getByRole('row').nth(1);
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      formatDateTime(new Date('2025-03-14T20:47:00Z'), 'nl'),
      '@anoniem123',
      'https://www.instagram.com/p/voorbeeld',
      'Je bent nergens veilig.',
    ]);
    expect(await fitsWidth(phone), 'incident page with a message fits a phone').toBe(true);
    await expectAccessible(phone, 'incident page with an online message');

    const evidence = phone.getByRole('region', { name: nl('incident.evidence') });
    expect(await evidence.getByText(nl('incident.evidence_none')).isVisible()).toBe(true);
    await field(phone, nl('incident.evidence_file')).setInputFiles(await writeFile('schermafdruk.png', PNG));
    await navigating(phone, () => button(phone, nl('incident.evidence_upload')).tap());
    expect(location(phone)).toBe(`${incidentPath}?notice=incident.evidence_added`);
    expect(await notice(phone)).toBe(nl('incident.evidence_added'));
    const sha256 = createHash('sha256').update(PNG).digest('hex');
    const item = evidence.getByRole('listitem');
    expect(await item.count()).toBe(1);
    expect(await item.getByRole('link').textContent()).toBe('schermafdruk.png');
    expect(await item.locator('code').textContent()).toBe(sha256);
    expect(await item.textContent()).toContain('image/png');
    // What comes back is byte for byte what was sent.
    const [download] = await Promise.all([phone.waitForEvent('download'), item.getByRole('link').click()]);
    expect(download.suggestedFilename()).toBe('schermafdruk.png');
    expect(
      createHash('sha256')
        .update(await fs.readFile(await download.path()))
        .digest('hex'),
    ).toBe(sha256);
    expect(await fitsWidth(phone), 'incident page with a file fits a phone').toBe(true);
    await expectAccessible(phone, 'incident page with evidence');

    await field(phone, nl('incident.evidence_file')).setInputFiles(await writeFile('photo.jpg', PROGRAM));
    await navigating(phone, () => button(phone, nl('incident.evidence_upload')).tap());
    expect(await summaryLinks(phone)).toEqual([nl('error.file_type')]);
    expect(await field(phone, nl('incident.evidence_file')).getAttribute('aria-invalid')).toBe('true');
    expect(await evidence.getByText(nl('error.file_type'), { exact: true }).isVisible()).toBe(true);
    // Nothing was stored: still the one screenshot.
    expect(await evidence.getByRole('listitem').count()).toBe(1);
    expect(await fitsWidth(phone), 'incident page with an error fits a phone').toBe(true);
    // The page answers the upload's address, but its frame still belongs to the incident page.
    expect(await phone.getByRole('link', { name: nl('layout.switch_language_label') }).getAttribute('href')).toBe(
      `/lang/en?back=${encodeURIComponent(incidentPath)}`,
    );
    await expectAccessible(phone, 'incident page after refusing a file');
    await phone
      .getByRole('alert')
      .getByRole('link', { name: nl('error.file_type') })
      .click();
    expect(await focusedId(phone)).toBe('field-file');
  });

  it('brings the incident to the clerk, who handles and closes it; an alderman outside the chain cannot open it', async () => {
    // Reported, with an online message and a screenshot the council member added.
    const { incidentId, incidentPath, reference } = await reportedThreat();
    await actAs(database.db, as(councillor), async (tx, me) => {
      await addOnlineMessage(tx, me, incidentId, {
        sentAt: new Date('2025-03-14T20:47:00Z'),
        account: '@anoniem123',
        url: 'https://www.instagram.com/p/voorbeeld',
        content: 'Je bent nergens veilig.',
      });
      await uploadEvidence(tx, localEvidenceStore(testEvidenceDir), me, incidentId, { fileName: 'schermafdruk.png', bytes: PNG });
    });
    const [phone, desk] = await Promise.all([pageOf(councillor), pageOf(clerk)]);
    await navigating(desk, () =>
      nav(desk)
        .getByRole('link', { name: nl('nav.inbox') })
        .click(),
    );
    expect(await heading(desk)).toBe(nl('inbox.title'));
    // One item for the incident (which one, its level and channel), what happened beneath it.
    const newIncident = desk.getByRole('main').getByRole('link', { name: new RegExp(`^${nl('inbox.incident')} ${reference} · `) });
    expect(await newIncident.isVisible()).toBe(true);
    const happened = await desk.getByRole('main').getByRole('listitem').allTextContents();
    expect(happened.some((text) => text.includes(nl('notification.incident_routed', { reference })))).toBe(true);
    expect(happened.some((text) => text.includes(nl('notification.online_message_added', { reference })))).toBe(true);
    await expectAccessible(desk, 'inbox of the clerk');

    await navigating(desk, () =>
      nav(desk)
        .getByRole('link', { name: nl('nav.incidents') })
        .click(),
    );
    expect(await heading(desk)).toBe(nl('incidents.title'));
    const table = desk.getByRole('table');
    const headers = await table.getByRole('columnheader').allTextContents();
    expect(headers.slice(0, 5)).toEqual([
      nl('incidents.reference'),
      nl('incidents.occurred'),
      nl('incidents.level'),
      nl('incidents.channel'),
      nl('incidents.status'),
    ]);
    const row = table.getByRole('row', { name: new RegExp(reference) });
    expect((await row.getByRole('cell').allTextContents()).slice(2, 5)).toEqual([
      nl('level.threat'),
      nl('channel.social_media'),
      nl('status.reported'),
    ]);
    // Why the clerk sees it: in its own column, or said once above when it is the same for every row.
    if (headers.length === 6) expect((await row.getByRole('cell').allTextContents())[5]).toBe(nl('access.routed'));
    else expect(await desk.getByText(nl('incidents.access_same', { reason: nl('access.routed') })).isVisible()).toBe(true);
    await expectAccessible(desk, 'incident list of the clerk');

    await navigating(desk, () => row.getByRole('link', { name: reference }).click());
    expect(new URL(desk.url()).pathname).toBe(incidentPath);
    expect(await heading(desk)).toBe(nl('incident.title', { reference }));
    expect(await detail(desk, nl('report.description'))).toBe(description);
    await expectAccessible(desk, 'incident page for the clerk');

    await navigating(desk, () => button(desk, nl('transition.start')).click());
    expect(location(desk)).toBe(`${incidentPath}?notice=incident.status_changed`);
    expect(await notice(desk)).toBe(nl('incident.status_changed'));
    expect(await detail(desk, nl('incidents.status'))).toBe(nl('status.in_progress'));
    expect(await button(desk, nl('transition.start')).count()).toBe(0);
    await expectAccessible(desk, 'incident in progress');

    // Closing needs a reason.
    await navigating(desk, () => button(desk, nl('transition.close')).click());
    expect(await summaryLinks(desk)).toEqual([nl('error.reason_required')]);
    expect(await detail(desk, nl('incidents.status'))).toBe(nl('status.in_progress'));
    await expectAccessible(desk, 'closing without a reason');
    const reason = 'Aangifte gedaan; politie neemt het over.';
    await field(desk, nl('incident.reason')).fill(reason);
    await navigating(desk, () => button(desk, nl('transition.close')).click());
    expect(await notice(desk)).toBe(nl('incident.status_changed'));
    expect(await detail(desk, nl('incidents.status'))).toBe(nl('status.closed'));
    expect(await button(desk, nl('transition.reopen')).isVisible()).toBe(true);
    await expectAccessible(desk, 'closed incident');

    // Every step, oldest first, with who took it.
    const steps = (await timeline(desk)).map((s) => s.replace(/^.*? — /, ''));
    expect(steps).toEqual([
      `${nl('event.reported')} (${councillor.name})`,
      nl('event.routed_one'),
      `${nl('event.online_message_added')} (${councillor.name})`,
      `${nl('event.evidence_added', { fileName: 'schermafdruk.png', sha256: createHash('sha256').update(PNG).digest('hex') })} (${councillor.name})`,
      `${nl('event.status_changed', { from: nl('status.reported'), to: nl('status.in_progress') })} (${clerk.name})`,
      `${nl('event.status_changed', { from: nl('status.in_progress'), to: nl('status.closed') })} — ${reason} (${clerk.name})`,
    ]);

    // The reporter sees the outcome.
    await phone.goto(`${base}${incidentPath}`);
    expect(await detail(phone, nl('incidents.status'))).toBe(nl('status.closed'));

    // The alderman is not in the chain for a council member: the incident does not exist for them.
    const aldermansDesk = await pageOf(alderman);
    const response = await aldermansDesk.goto(`${base}${incidentPath}`);
    expect(response?.status()).toBe(404);
    expect(await heading(aldermansDesk)).toBe(nl('error.title'));
    expect(await aldermansDesk.getByText(nl('error.not_found')).isVisible()).toBe(true);
    expect(await aldermansDesk.getByText(description).count()).toBe(0);
    await expectAccessible(aldermansDesk, '404 for the alderman');
    await navigating(aldermansDesk, () =>
      nav(aldermansDesk)
        .getByRole('link', { name: nl('nav.incidents') })
        .click(),
    );
    expect(await aldermansDesk.getByText(nl('incidents.none_yet')).isVisible()).toBe(true);

    // Until a handler brings them in, on purpose: nobody is chosen beforehand.
    const grant = desk.getByRole('region', { name: nl('incident.grant') });
    const person = grant.getByLabel(nl('incident.grant_person'), { exact: true });
    expect(await person.inputValue()).toBe('');
    expect(await person.getByRole('option').allTextContents()).not.toContain(`${clerk.name} (${nl('role.clerk')})`);
    await navigating(desk, () => button(desk, nl('incident.grant_submit')).click());
    expect(await summaryLinks(desk)).toEqual([nl('error.user_unknown')]);
    await expectAccessible(desk, 'giving access without choosing');
    await person.selectOption({ label: `${alderman.name} (${nl('role.alderman')})` });
    await navigating(desk, () => button(desk, nl('incident.grant_submit')).click());
    expect(await notice(desk)).toBe(nl('incident.granted'));
    expect((await timeline(desk)).at(-1)).toMatch(
      new RegExp(`— ${nl('event.access_granted', { name: alderman.name })} \\(${clerk.name}\\)$`),
    );

    expect((await aldermansDesk.goto(`${base}${incidentPath}`))?.status()).toBe(200);
    expect(await detail(aldermansDesk, nl('report.description'))).toBe(description);
    await aldermansDesk.goto(`${base}/incidents`);
    // The one incident the alderman sees, and why: said once, since it is the reason for every row.
    expect(await aldermansDesk.getByRole('row', { name: new RegExp(reference) }).count()).toBe(1);
    expect(await aldermansDesk.getByText(nl('incidents.access_same', { reason: nl('access.granted') })).isVisible()).toBe(true);
  });

  it('keeps a draft to the reporter until it is sent from the incident page', async () => {
    const [phone, desk] = await Promise.all([pageOf(councillor), pageOf(clerk)]);
    await phone.goto(`${base}/report`);
    // With a long link in it, as people paste them: the page must still fit the phone.
    await answerRequired(
      phone,
      'Bij de ingang van het stadhuis opgewacht en bedreigd; filmpje staat op https://www.facebook.com/groups/1234567890/permalink/98765432109876543210/?comment_id=1122334455667788',
    );
    await navigating(phone, () => button(phone, nl('report.save_draft')).tap());
    expect(location(phone)).toMatch(/^\/incidents\/[0-9a-f-]{36}\?notice=report\.draft_saved$/);
    const draftPath = new URL(phone.url()).pathname;
    expect(await notice(phone)).toBe(nl('report.draft_saved'));
    expect(await detail(phone, nl('incidents.status'))).toBe(nl('status.draft'));
    // A draft has no number yet (issue 12 finding 10): it would tell the organisation's volume.
    expect(await phone.getByRole('heading', { level: 1 }).textContent()).toBe(
      nl('incident.title', { reference: nl('incident.draft_reference') }),
    );
    expect(await fitsWidth(phone), 'draft fits a phone').toBe(true);
    await expectAccessible(phone, 'draft');

    // Nobody else sees a draft, not even the clerk.
    expect((await desk.goto(`${base}${draftPath}`))?.status()).toBe(404);

    await navigating(phone, () => button(phone, nl('transition.submit')).tap());
    expect(location(phone)).toBe(`${draftPath}?notice=incident.status_changed`);
    expect(await detail(phone, nl('incidents.status'))).toBe(nl('status.reported'));
    expect(await phone.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Melding M-\d{5}$/);
    expect(await button(phone, nl('transition.submit')).count()).toBe(0);
    expect((await timeline(phone)).map((s) => s.replace(/^.*? — /, ''))).toEqual([
      `${nl('event.draft_saved')} (${councillor.name})`,
      `${nl('event.reported')} (${councillor.name})`,
      nl('event.routed_one'),
    ]);
    await expectAccessible(phone, 'draft after sending');

    // Now the clerk is told and may open it.
    await desk.goto(`${base}/inbox`);
    const sentReference = (await phone.getByRole('heading', { level: 1 }).textContent())?.replace(/^Melding /, '') ?? '';
    await navigating(desk, () =>
      desk
        .getByRole('main')
        .getByRole('link', { name: nl('notification.incident_routed', { reference: sentReference }) })
        .click(),
    );
    expect(new URL(desk.url()).pathname).toBe(draftPath);
  });

  it('follows the consult path: a question to the clerk, an answer, then a report', async () => {
    const [phone, desk] = await Promise.all([pageOf(councillor), pageOf(clerk)]);
    await navigating(phone, () =>
      nav(phone)
        .getByRole('link', { name: nl('nav.consult') })
        .tap(),
    );
    expect(await heading(phone)).toBe(nl('consult.title'));
    await expectAccessible(phone, 'consult list');
    await navigating(phone, () =>
      phone
        .getByRole('main')
        .getByRole('link', { name: nl('consult.new') })
        .tap(),
    );
    expect(location(phone)).toBe('/consult/new');
    await expectAccessible(phone, 'new question');

    // Nothing asked, and nobody chosen.
    const ask = phone.getByRole('group', { name: nl('consult.ask') });
    await ask.getByRole('checkbox', { name: nl('consult.ask_mayor') }).uncheck();
    await ask.getByRole('checkbox', { name: nl('consult.ask_clerk') }).uncheck();
    await navigating(phone, () => button(phone, nl('consult.submit')).tap());
    expect(await summaryLinks(phone)).toEqual([nl('error.question_required'), nl('error.consult_role')]);
    await expectAccessible(phone, 'new question with errors');

    const question = 'Iemand blijft mij op Facebook "landverrader" noemen. Moet ik dit melden?';
    await field(phone, nl('consult.question')).fill(question);
    await ask.getByRole('checkbox', { name: nl('consult.ask_clerk') }).check();
    await navigating(phone, () => button(phone, nl('consult.submit')).tap());
    expect(location(phone)).toMatch(/^\/consult\/[0-9a-f-]{36}\?notice=consult\.asked$/);
    const consultPath = new URL(phone.url()).pathname;
    expect(await notice(phone)).toBe(nl('consult.asked'));
    expect(await heading(phone)).toBe(nl('consult.detail', { name: councillor.name }));
    expect(await phone.getByRole('main').getByText(question).isVisible()).toBe(true);
    expect(await fitsWidth(phone), 'question fits a phone').toBe(true);
    await expectAccessible(phone, 'question asked');

    // The clerk finds it in the inbox and answers.
    await navigating(desk, () =>
      nav(desk)
        .getByRole('link', { name: nl('nav.inbox') })
        .click(),
    );
    await navigating(desk, () =>
      desk
        .getByRole('main')
        .getByRole('link', { name: nl('notification.consultation_asked') })
        .click(),
    );
    expect(new URL(desk.url()).pathname).toBe(consultPath);
    // Only the one who asked can turn it into a report.
    expect(await desk.getByRole('link', { name: nl('consult.to_report') }).count()).toBe(0);
    await expectAccessible(desk, 'question for the clerk');
    const answer = 'Ja, dit is schelden en het houdt aan: meld het, dan kunnen we iets doen.';
    await field(desk, nl('consult.answer')).fill(answer);
    await navigating(desk, () => button(desk, nl('consult.answer_submit')).click());
    expect(await notice(desk)).toBe(nl('consult.answered'));
    expect(await desk.getByRole('main').getByText(answer).isVisible()).toBe(true);
    await expectAccessible(desk, 'question answered');

    // The council member reads the answer and makes a report of it.
    await navigating(phone, () =>
      nav(phone)
        .getByRole('link', { name: nl('nav.inbox') })
        .tap(),
    );
    await navigating(phone, () =>
      phone
        .getByRole('main')
        .getByRole('link', { name: nl('notification.consultation_answered') })
        .tap(),
    );
    expect(await phone.getByText(`${nl('incidents.status')}: ${nl('consult.status.answered')}`).isVisible()).toBe(true);
    expect(await phone.getByRole('main').getByText(answer).isVisible()).toBe(true);
    await navigating(phone, () => phone.getByRole('link', { name: nl('consult.to_report') }).tap());
    expect(location(phone)).toMatch(/^\/report\?consultation=[0-9a-f-]{36}$/);
    expect(await phone.getByText(nl('report.from_consultation')).isVisible()).toBe(true);
    await expectAccessible(phone, 'report form from a question');
    await radio(phone, nl('level.verbal_aggression')).tap();
    await radio(phone, nl('channel.social_media')).tap();
    await field(phone, nl('report.description')).fill('Op Facebook herhaaldelijk uitgemaakt voor landverrader.');
    await navigating(phone, () => button(phone, nl('report.submit')).tap());
    expect(location(phone)).toMatch(/^\/incidents\/[0-9a-f-]{36}\?notice=report\.done$/);
    const reportPath = new URL(phone.url()).pathname;
    expect(await detail(phone, nl('incidents.level'))).toBe(nl('level.verbal_aggression'));

    // The question now points to the report and takes no more answers.
    await phone.goto(`${base}${consultPath}`);
    expect(await phone.getByText(`${nl('incidents.status')}: ${nl('consult.status.converted')}`).isVisible()).toBe(true);
    expect(
      await phone
        .getByRole('main')
        .getByRole('link', { name: nl('nav.incidents') })
        .getAttribute('href'),
    ).toBe(reportPath);
    expect(await field(phone, nl('consult.answer')).count()).toBe(0);
    await expectAccessible(phone, 'question made into a report');
  });

  it('lets the administrator change the routing, and nobody else', async () => {
    // Routing holds for the whole organisation: this administrator changes that of an organisation
    // of their own, so no other test's incidents go to other people.
    const elsewhere = await makeOrganisation(database.db, 'Gemeente Elders');
    const admin = await makeUser(database.db, elsewhere, ['admin'], 'Beheerder Blauw');
    const [adminDesk, desk] = await Promise.all([pageOf(admin), pageOf(clerk)]);
    // Routing is one of the organisation's settings.
    await navigating(adminDesk, () =>
      nav(adminDesk)
        .getByRole('link', { name: nl('nav.settings') })
        .click(),
    );
    await navigating(adminDesk, () =>
      adminDesk
        .getByRole('main')
        .getByRole('link', { name: nl('routing.title') })
        .click(),
    );
    expect(location(adminDesk)).toBe('/settings/routing');
    expect(await heading(adminDesk)).toBe(nl('routing.title'));
    expect(
      await nav(adminDesk)
        .getByRole('link', { name: nl('nav.settings') })
        .getAttribute('aria-current'),
    ).toBe('page');
    await expectAccessible(adminDesk, 'routing');

    // Incidents about a council member go to the alderman too from now on.
    const rule = adminDesk.getByRole('group', { name: `${nl('routing.affected')}: ${nl('role.council_member')}` });
    const inform = rule.getByRole('group', { name: nl('routing.inform') });
    expect(
      await inform.getByRole('checkbox', { checked: true }).evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value)),
    ).toEqual(['mayor', 'clerk']);
    await inform.getByRole('checkbox', { name: nl('role.alderman') }).check();
    await navigating(adminDesk, () => button(adminDesk, nl('routing.save')).click());
    expect(location(adminDesk)).toBe('/settings/routing?notice=routing.saved');
    expect(await notice(adminDesk)).toBe(nl('routing.saved'));
    expect(
      await inform.getByRole('checkbox', { checked: true }).evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value)),
    ).toEqual(['mayor', 'alderman', 'clerk']);
    await expectAccessible(adminDesk, 'routing after saving');

    const response = await desk.goto(`${base}/settings/routing`);
    expect(response?.status()).toBe(404);
    expect(await heading(desk)).toBe(nl('error.title'));
    expect(
      await nav(desk)
        .getByRole('link', { name: nl('nav.settings') })
        .count(),
    ).toBe(0);
  });

  it('shows the report form in English', async () => {
    const phone = await pageOf(councillor);
    await phone.goto(`${base}/report`);
    await navigating(phone, () => phone.getByRole('link', { name: nl('layout.switch_language_label') }).tap());
    try {
      expect(location(phone)).toBe('/report');
      expect(await phone.locator('html').getAttribute('lang')).toBe('en');
      expect(await heading(phone)).toBe(en('report.title'));
      expect(await phone.getByRole('group', { name: en('report.level') }).isVisible()).toBe(true);
      expect(await radio(phone, en('level.threat')).isVisible()).toBe(true);
      expect(
        await phone
          .getByRole('group', { name: en('report.channel') })
          .getByRole('radio', { name: en('channel.social_media'), exact: true })
          .isVisible(),
      ).toBe(true);
      expect(await field(phone, en('report.date')).isVisible()).toBe(true);
      expect(await field(phone, en('report.description')).isVisible()).toBe(true);
      expect(await button(phone, en('report.submit')).isVisible()).toBe(true);
      expect(await button(phone, en('report.save_draft')).isVisible()).toBe(true);
      expect(await phone.getByText(nl('report.description'), { exact: true }).count()).toBe(0);
      await openAllSections(phone);
      await expectAccessible(phone, 'report form in English');

      await navigating(phone, () => button(phone, en('report.submit')).tap());
      expect(await summaryLinks(phone)).toEqual([
        en('error.level_required'),
        en('error.channel_required'),
        en('error.description_required'),
      ]);
    } finally {
      await navigating(phone, () => phone.getByRole('link', { name: en('layout.switch_language_label') }).tap());
    }
    expect(await phone.locator('html').getAttribute('lang')).toBe('nl');
  });
});
