import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.js';
import { actAs, createIncident, makeOrganisation, makeUser } from '../../../../test/factories.js';
import { buildTestServer, signIn, type Browser } from '../../../../test/http.js';
import { EVENT_KINDS, type EventKind } from '../../../domain/incident/events.js';
import { addEvent } from '../../../domain/incident/incident.repository.js';
import { NOTIFICATION_KINDS } from '../../../domain/notification/notification.js';
import { insertNotifications } from '../../../domain/notification/notification.repository.js';
import type { User } from '../../../domain/user/user.js';

/** The stored detail an event of each kind carries, as its use case writes it. */
function detailOf(kind: EventKind, userId: string): Record<string, unknown> {
  switch (kind) {
    case 'routed':
      return { informed: [userId] };
    case 'status_changed':
      return { from: 'reported', to: 'in_progress' };
    case 'evidence_added':
      return { fileName: 'bericht.png', sha256: 'ab'.repeat(32) };
    case 'access_granted':
      return { userId };
    case 'police_consent':
      return { given: true };
    case 'escalation_done':
      return { kind: 'labour_inspectorate' };
    default:
      return {};
  }
}

/** The visible text of the part of a page between two markers, tags removed. */
function textBetween(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  expect(from, `no ${start} on the page`).toBeGreaterThanOrEqual(0);
  const to = html.indexOf(end, from);
  return html
    .slice(from, to)
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

/** A text key or a stored kind shown as it is: "notification.duty_opened", "police_consent". */
const RAW = /\b(?:notification|event)\.[a-z_]+|\b[a-z]+_[a-z_]+\b/;

/**
 * Every notification kind and every timeline event kind, rendered by the pages in Dutch and
 * English: none may show as a raw text key or stored kind (the inbox and the timeline did).
 * The kinds come from the code's own lists, so a new kind without a text fails here.
 */
describe('texts of notifications and timeline events', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let adviser: User;
  let incidentId: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    const org = await makeOrganisation(t.db, 'Gemeente Teksten');
    const councillor = await makeUser(t.db, org, ['council_member'], 'Raadslid Rood');
    adviser = await makeUser(t.db, org, ['security_adviser'], 'Adviseur Anna');
    incidentId = await createIncident(t.db, { user: councillor, organisation: org });
    // A duty of the organisation itself, for the reminders about it (task_reminder, task_overdue).
    const task = await t.admin.query(
      `INSERT INTO deadline (organisation_id, kind, subject_id, owner_ids, due_at, remind_at)
       VALUES ($1, 'risk_assessment', gen_random_uuid(), ARRAY[$2::uuid], now() + interval '7 days', now() + interval '6 days') RETURNING id`,
      [org.id, adviser.id],
    );
    await actAs(t.db, { user: adviser, organisation: org }, async (tx) => {
      for (const kind of EVENT_KINDS) await addEvent(tx, org.id, incidentId, adviser.id, kind, detailOf(kind, adviser.id));
      for (const kind of NOTIFICATION_KINDS) {
        const consultation = kind.startsWith('consultation_');
        const organisationTask = kind.startsWith('task_');
        await insertNotifications(tx, org.id, [adviser.id], kind, {
          incidentId: consultation || organisationTask ? null : incidentId,
          consultationId: null,
          deadlineId: organisationTask ? task.rows[0].id : null,
          actorId: adviser.id,
        });
      }
    });
    browser = await signIn(app, adviser.email);
  });

  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  for (const lang of ['nl', 'en'] as const) {
    it(`shows a text for every notification kind in the inbox (${lang})`, async () => {
      await browser.get(`/lang/${lang}`);
      const page = await browser.get('/inbox');
      expect(page.statusCode).toBe(200);
      const inbox = textBetween(page.body, '<main', '</main>');
      expect(inbox).not.toMatch(RAW);
      // Who did it, beside what happened (issue 10 §1).
      expect(inbox).toContain(lang === 'nl' ? 'door Adviseur Anna' : 'by Adviseur Anna');
      // A reminder of the organisation's own duty names the duty and links to its record.
      expect(inbox).toContain(
        lang === 'nl' ? 'Herinnering: Risicoanalyse voor een bijeenkomst' : 'Reminder: Risk assessment for a meeting',
      );
      expect(page.body).toMatch(/href="\/risk-assessments\/[0-9a-f-]{36}"/);
      // Every kind has its own line: as many links to the incident as kinds about an incident.
      const lines = page.body.match(/<li class="utrecht-unordered-list__item">/g) ?? [];
      expect(lines.length).toBeGreaterThanOrEqual(NOTIFICATION_KINDS.length);
    });

    it(`shows a text for every timeline event kind (${lang})`, async () => {
      await browser.get(`/lang/${lang}`);
      const page = await browser.get(`/incidents/${incidentId}`);
      expect(page.statusCode).toBe(200);
      const events = textBetween(page.body, '<ol class="wb-timeline">', '</ol>');
      expect(events).not.toMatch(RAW);
      for (const kind of EVENT_KINDS) expect(events, kind).not.toContain(`— ${kind}`);
    });
  }
});
