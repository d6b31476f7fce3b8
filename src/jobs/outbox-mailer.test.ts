import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCaller, type ApiCaller } from '../../test/api.js';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { createIncident, makeOrganisation } from '../../test/factories.js';
import type { Organisation } from '../domain/organisation/organisation.js';
import { buildTestServer } from '../../test/http.js';
import { startSmtpServer } from '../../test/smtp.js';
import { deliverDueMail, smtpSender } from './outbox-mailer.js';
import type { FastifyInstance } from 'fastify';

describe('the mail outbox, delivered over real SMTP', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;
  let councillor: ApiCaller;

  // The outbox is the whole database's, and the tests count what is in it: each test has a
  // database of its own.
  beforeEach(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db);
    councillor = await makeCaller(app, t.db, org, ['council_member'], 'Raadslid Geheim');
    await makeCaller(app, t.db, org, ['clerk']);
    await makeCaller(app, t.db, org, ['mayor']);
    await makeCaller(app, t.db, org, ['security_adviser']);
  });
  afterEach(async () => {
    await app.close();
    await t.close();
  });

  it('two workers at once send every mail exactly once, with a link and no incident details', async () => {
    const smtp = await startSmtpServer();
    for (let i = 0; i < 5; i++) {
      await createIncident(
        t.db,
        { user: councillor.user, organisation: org },
        { description: `Bedreiging nummer ${i} door Piet Pietersen` },
      );
    }
    const pending = (await t.admin.query("SELECT count(*)::int AS n FROM outbox_mail WHERE status = 'pending'")).rows[0].n;
    expect(pending).toBe(15);
    const sender = smtpSender(smtp.url, 'Weerbaar <noreply@gemeente.test>');
    // Small batches so the two workers really interleave.
    const worker = async () => {
      let total = 0;
      for (let sent = 1; sent > 0;) total += sent = await deliverDueMail(t.db, sender, 'https://weerbaar.gemeente.test', 2);
      return total;
    };
    const [a, b] = await Promise.all([worker(), worker()]);
    expect(a + b).toBe(15);
    expect(smtp.received).toHaveLength(15);
    const recipients = smtp.received.flatMap((m) => m.to).sort();
    expect(new Set(recipients).size).toBe(3);
    for (const mail of smtp.received) {
      expect(mail.raw).toContain('https://weerbaar.gemeente.test/inbox');
      expect(mail.raw).not.toMatch(/Pietersen|Bedreiging|Raadslid Geheim|threat/);
    }
    expect((await t.admin.query("SELECT count(*)::int AS n FROM outbox_mail WHERE status = 'sent'")).rows[0].n).toBe(15);
    await smtp.close();
  });

  it('a mail server that refuses is retried later, and nothing is lost', async () => {
    const smtp = await startSmtpServer({ failFirst: 1 });
    await t.admin.query("UPDATE outbox_mail SET status = 'sent'");
    await createIncident(t.db, { user: councillor.user, organisation: org });
    const sender = smtpSender(smtp.url, 'Weerbaar <noreply@gemeente.test>');
    expect(await deliverDueMail(t.db, sender, 'http://x', 10)).toBe(2);
    const failed = await t.admin.query(
      "SELECT attempts, status, last_error, next_attempt_at > now() AS later FROM outbox_mail WHERE status = 'pending'",
    );
    expect(failed.rows).toEqual([{ attempts: 1, status: 'pending', last_error: expect.any(String), later: true }]);
    expect(failed.rows[0].last_error).not.toContain('@');
    // Not yet due: nothing happens; once due, it goes.
    expect(await deliverDueMail(t.db, sender, 'http://x', 10)).toBe(0);
    await t.admin.query("UPDATE outbox_mail SET next_attempt_at = now() WHERE status = 'pending'");
    expect(await deliverDueMail(t.db, sender, 'http://x', 10)).toBe(1);
    expect(smtp.received).toHaveLength(3);
    await smtp.close();
  });
});
