import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { createIncident, makeOrganisation, makeUser } from '../../test/factories.js';
import { buildTestServer, signIn } from '../../test/http.js';
import { startSmtpServer } from '../../test/smtp.js';
import { amsterdamInstant, amsterdamToday } from '../time/amsterdam.js';
import { digestMoment, runDigestRound } from './mail-digest.js';
import { deliverDueMail, smtpSender } from './outbox-mailer.js';

const DAY = 86_400_000;
/** Half past seven in Amsterdam, `days` from today: after that day's digest moment. */
const morning = (days: number) => new Date(amsterdamInstant(amsterdamToday(), '07:30')!.getTime() + days * DAY);

describe('a daily digest instead of a mail per notification, chosen per person (issue 10 §1)', () => {
  let t: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const mailsOf = async (userId: string) =>
    (await t.admin.query('SELECT subject, body FROM outbox_mail WHERE user_id = $1 ORDER BY created_at', [userId])).rows as {
      subject: string;
      body: string;
    }[];

  it('the digest moment is seven in the morning, Amsterdam time, in winter and in summer', () => {
    expect(digestMoment(new Date('2026-12-02T06:30:00Z')).toISOString()).toBe('2026-12-02T06:00:00.000Z');
    expect(digestMoment(new Date('2026-12-02T05:30:00Z')).toISOString()).toBe('2026-12-01T06:00:00.000Z');
    expect(digestMoment(new Date('2026-07-02T05:30:00Z')).toISOString()).toBe('2026-07-02T05:00:00.000Z');
  });

  it('someone who chose the digest gets one mail a morning with how much waits, once, and none when nothing is new', async () => {
    const org = await makeOrganisation(t.db, 'Gemeente Overzicht');
    const councillor = await makeUser(t.db, org, ['council_member'], 'Raadslid Rits');
    const clerk = await makeUser(t.db, org, ['clerk'], 'Griffier Daan');
    const mayor = await makeUser(t.db, org, ['mayor'], 'Burgemeester Direct');
    const page = await signIn(app, clerk.email);
    await page.get('/account/mail');
    const saved = await page.post('/account/mail', { mode: 'daily' });
    expect(saved.statusCode).toBe(303);
    expect((await page.get('/account/mail')).body).toMatch(/value="daily"[^>]*checked/);

    await createIncident(t.db, { user: councillor, organisation: org }, { description: 'Piet Pietersen dreigde op Facebook.' });
    await createIncident(t.db, { user: councillor, organisation: org }, { description: 'Tweede bericht van Piet Pietersen.' });
    // The mayor mails at once, as before; the clerk gets nothing yet.
    expect((await mailsOf(mayor.id)).length).toBeGreaterThanOrEqual(2);
    expect(await mailsOf(clerk.id)).toEqual([]);

    const smtp = await startSmtpServer();
    expect((await runDigestRound(t.db, morning(1))).sent).toBeGreaterThanOrEqual(1);
    const [digest, ...more] = await mailsOf(clerk.id);
    expect(more).toEqual([]);
    expect(digest!.subject).toBe('Uw dagelijkse overzicht van Weerbaar');
    expect(digest!.body).toMatch(/Er wachten \d+ berichten op u/);
    await deliverDueMail(t.db, smtpSender(smtp.url, 'Weerbaar <noreply@gemeente.test>'), 'https://weerbaar.gemeente.test', 100);
    const received = smtp.received.find((m) => m.to.includes(clerk.email));
    // Quoted-printable wraps long lines with a soft break ("=" at the end): read it as a mail client would.
    const text = received?.raw.replace(/=\r?\n/g, '') ?? '';
    expect(text).toContain('https://weerbaar.gemeente.test/inbox');
    expect(text).not.toMatch(/Pietersen|Facebook|Raadslid Rits/);
    await smtp.close();

    // The same morning again (a second server, a restart): no second digest.
    await runDigestRound(t.db, morning(1));
    expect(await mailsOf(clerk.id)).toHaveLength(1);
    // The next morning with nothing new: no mail, though the old items are still unread.
    await runDigestRound(t.db, morning(2));
    expect(await mailsOf(clerk.id)).toHaveLength(1);
  });

  it('refuses a choice that does not exist, with a message, and changes nothing', async () => {
    const org = await makeOrganisation(t.db, 'Gemeente Keuze');
    const person = await makeUser(t.db, org, ['employee']);
    const page = await signIn(app, person.email);
    await page.get('/account/mail');
    const refused = await page.post('/account/mail', { mode: 'hourly' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Kies wanneer u een e-mail wilt.');
    expect((await t.admin.query('SELECT mail_digest FROM app_user WHERE id = $1', [person.id])).rows[0].mail_digest).toBe(false);
  });

  it('is only for someone signed in', async () => {
    const response = await app.inject({ method: 'GET', url: '/account/mail' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/sign-in/);
  });
});
