import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCaller, reportBody, type ApiCaller } from '../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { makeOrganisation } from '../../test/factories.js';
import { buildTestServer } from '../../test/http.js';
import { startSmtpServer } from '../../test/smtp.js';
import { runDeadlineRound } from './deadline-watcher.js';
import { deliverDueMail, smtpSender } from './outbox-mailer.js';

const HOUR = 3_600_000;

describe('the deadline watcher, with a controllable clock and a real SMTP server', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let councillor: ApiCaller;
  let reportedAt: Date;

  // The watcher works through every deadline in the database: each test has a database of its own,
  // with one report in it, and runs the rounds before its own moment itself.
  beforeEach(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    const org = await makeOrganisation(t.db);
    councillor = await makeCaller(app, t.db, org, ['council_member']);
    await makeCaller(app, t.db, org, ['clerk']);
    await makeCaller(app, t.db, org, ['mayor']);
    // Verbal aggression: only the aftercare deadlines, no police-report duty, to keep the counts plain.
    const id = (await councillor.post('/api/v1/incidents', reportBody({ level: 'verbal_aggression', behaviours: ['insult'] }))).json().id;
    reportedAt = (await t.admin.query('SELECT reported_at FROM incident WHERE id = $1', [id])).rows[0].reported_at;
    // The aftercare deadlines are this test's subject; other duties of the report would double the counts.
    await t.admin.query("DELETE FROM deadline WHERE kind NOT LIKE 'aftercare_%'");
    // Only the watcher's mails count from here on.
    await t.admin.query("UPDATE outbox_mail SET status = 'sent'");
  });
  afterEach(async () => {
    await app.close();
    await t.close();
  });

  const at = (hours: number) => new Date(reportedAt.getTime() + hours * HOUR);
  /** The rounds that ran before this test's moment (as the earlier tests run them), their mails gone out. */
  const roundsRanAt = async (...hours: number[]) => {
    for (const h of hours) await runDeadlineRound(t.db, at(h));
    await t.admin.query("UPDATE outbox_mail SET status = 'sent'");
  };
  const deliver = async (url: string) => {
    const sender = smtpSender(url, 'Weerbaar <noreply@gemeente.test>');
    while ((await deliverDueMail(t.db, sender, 'https://weerbaar.test')) > 0);
  };

  it('nothing happens before the reminder moment', async () => {
    expect(await runDeadlineRound(t.db, at(17))).toEqual({ reminded: 0, overdue: 0 });
  });

  it('two watchers at once remind each caregiver exactly once, six hours before the first conversation is due', async () => {
    const smtp = await startSmtpServer();
    const [a, b] = await Promise.all([runDeadlineRound(t.db, at(18.5), 1), runDeadlineRound(t.db, at(18.5), 1)]);
    const [c, d] = await Promise.all([runDeadlineRound(t.db, at(18.5)), runDeadlineRound(t.db, at(18.5))]);
    expect(a.reminded + b.reminded + c.reminded + d.reminded).toBe(1);
    await deliver(smtp.url);
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received.flatMap((m) => m.to)).toHaveLength(2);
    for (const mail of smtp.received) expect(mail.raw).toContain('Herinnering');
    await smtp.close();
  });

  it('at the due time the duty turns overdue and the caregivers hear it once', async () => {
    // The caregivers were reminded six hours before.
    await roundsRanAt(18.5);
    const smtp = await startSmtpServer();
    const rounds = await Promise.all([runDeadlineRound(t.db, at(24.1)), runDeadlineRound(t.db, at(24.1)), runDeadlineRound(t.db, at(25))]);
    expect(rounds.reduce((n, r) => n + r.overdue, 0)).toBe(1);
    await deliver(smtp.url);
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received.every((m) => m.raw.includes('Termijn verstreken'))).toBe(true);
    const states = (await t.admin.query('SELECT kind, state FROM deadline ORDER BY due_at')).rows;
    expect(states).toEqual([
      { kind: 'aftercare_1', state: 'overdue' },
      { kind: 'aftercare_2', state: 'open' },
      { kind: 'aftercare_3', state: 'open' },
    ]);
    await smtp.close();
  });

  it('the third conversation is reminded a day before its window closes, not before the window opens', async () => {
    // The first conversation was reminded and went overdue.
    await roundsRanAt(18.5, 24.1);
    // The second conversation, never reminded because no round ran in time, turns overdue at once.
    expect(await runDeadlineRound(t.db, at(27 * 24))).toEqual({ reminded: 0, overdue: 1 });
    const third = (await t.admin.query("SELECT remind_at, not_before, due_at FROM deadline WHERE kind = 'aftercare_3'")).rows[0];
    expect(third.remind_at.getTime()).toBe(third.due_at.getTime() - 24 * HOUR);
    expect(third.remind_at.getTime()).toBeGreaterThanOrEqual(third.not_before.getTime());
    const minute = 60_000;
    expect((await runDeadlineRound(t.db, new Date(third.remind_at.getTime() - minute))).reminded).toBe(0);
    expect((await runDeadlineRound(t.db, new Date(third.remind_at.getTime() + minute))).reminded).toBe(1);
  });
});
