import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeOrganisation, makeUser, TEST_PASSWORD } from '../../../test/factories.js';
import { Browser, buildTestServer, signIn } from '../../../test/http.js';
import { loadConfig } from '../../config.js';
import { currentTotp } from '../../domain/auth/totp.js';
import type { Organisation } from '../../domain/organisation/organisation.js';

/** Issue 12 §2: the holes found when sign-in was attacked (findings 2, 3 and 4). */
describe('sign-in under attack', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Organisation;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    org = await makeOrganisation(t.db);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const sessionsOf = async (userId: string) =>
    (await t.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM session WHERE user_id = $1', [userId])).rows[0]!.n;

  describe('redirects after sign-in and the language switch stay on this site (finding 2)', () => {
    // As they come in the query string: percent-encoded, decoded by the server.
    const offSite = [
      '/%09/evil.example/login', // a tab, which browsers drop: "//evil.example/login"
      '/%0A/evil.example/',
      '/%0D%0ASet-Cookie:%20x=1',
      '//evil.example/',
      '/%5Cevil.example/', // "/\evil.example", read as "//evil.example"
      '/%5C%5Cevil.example/',
      'https://evil.example/',
      'https:evil.example',
      'javascript:alert(1)',
      'evil.example',
      '/%C3%A9t%C3%A9', // non-ASCII cannot go into a header
      '/%20/evil.example',
      '/%00',
    ];

    it.each(offSite)('sign-in with ?next=%s goes home, and the form posts back nowhere else', async (next) => {
      const employee = await makeUser(t.db, org, ['employee']);
      const browser = new Browser(app);
      const page = await browser.get(`/sign-in?next=${next}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('action="/sign-in?next=%2F"');
      const response = await browser.post(`/sign-in?next=${next}`, { email: employee.email, password: TEST_PASSWORD });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/');
      // Signed in already, the sign-in page itself sends nowhere else either.
      const again = await browser.get(`/sign-in?next=${next}`);
      expect(again.statusCode).toBe(303);
      expect(again.headers.location).toBe('/');
    });

    it.each(offSite)('the language switch with ?back=%s goes home', async (back) => {
      const response = await app.inject({ method: 'GET', url: `/lang/en?back=${back}` });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/');
    });

    it('paths on this site are kept, with their query', async () => {
      const employee = await makeUser(t.db, org, ['employee']);
      const browser = new Browser(app);
      await browser.get('/sign-in');
      const target = encodeURIComponent('/incidents?status=open&q=a%20b');
      const response = await browser.post(`/sign-in?next=${target}`, { email: employee.email, password: TEST_PASSWORD });
      expect(response.headers.location).toBe('/incidents?status=open&q=a%20b');
      const lang = await app.inject({ method: 'GET', url: `/lang/nl?back=${encodeURIComponent('/account?x=1')}` });
      expect(lang.headers.location).toBe('/account?x=1');
    });

    it('a wrong password with a bad ?next= is an ordinary failure and leaves no session', async () => {
      const employee = await makeUser(t.db, org, ['employee']);
      const browser = new Browser(app);
      await browser.get('/sign-in');
      const response = await browser.post('/sign-in?next=/%0D%0A%C3%A9', { email: employee.email, password: 'niet het wachtwoord' });
      expect(response.statusCode).toBe(401);
      expect(browser.hasCookie('wb_session')).toBe(false);
      expect(await sessionsOf(employee.id)).toBe(0);
    });
  });

  describe('a second-factor code is accepted once (finding 3)', () => {
    /** Password and enrolment through the pages, with the code of `at`; returns the secret. */
    async function enrol(email: string, at: number): Promise<string> {
      const browser = new Browser(app);
      await browser.get('/sign-in');
      await browser.post('/sign-in', { email, password: TEST_PASSWORD });
      const page = await browser.get('/sign-in/second-factor');
      const secret = /wb-secret">([^<]+)</.exec(page.body)![1]!.replace(/\s/g, '');
      // Enrolled: the answer shows the recovery codes once, and goes on home from there.
      const enrolled = await browser.post('/sign-in/second-factor', { code: currentTotp(secret, at) });
      expect(enrolled.statusCode).toBe(200);
      expect(enrolled.body).toContain('href="/?notice=totp.enrolled"');
      return secret;
    }

    async function passwordStep(email: string): Promise<Browser> {
      const browser = new Browser(app);
      await browser.get('/sign-in');
      expect((await browser.post('/sign-in', { email, password: TEST_PASSWORD })).headers.location).toBe('/sign-in/second-factor');
      await browser.get('/sign-in/second-factor'); // the session's form token
      return browser;
    }

    it('the same code does not sign in twice, and the enrolment code not once more', async () => {
      const clerk = await makeUser(t.db, org, ['clerk']);
      const at = Date.now();
      const secret = await enrol(clerk.email, at);

      const replayEnrolment = await passwordStep(clerk.email);
      const refused = await replayEnrolment.post('/sign-in/second-factor', { code: currentTotp(secret, at) });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('Deze code is al gebruikt');
      expect((await replayEnrolment.get('/')).headers.location).toBe('/sign-in/second-factor');

      const fresh = currentTotp(secret, at + 30_000);
      const first = await passwordStep(clerk.email);
      expect((await first.post('/sign-in/second-factor', { code: fresh })).headers.location).toBe('/');
      const replay = await passwordStep(clerk.email);
      expect((await replay.post('/sign-in/second-factor', { code: fresh })).statusCode).toBe(400);
      expect((await replay.get('/')).headers.location).toBe('/sign-in/second-factor');
      // An older code than the last one used is no good either.
      expect((await replay.post('/sign-in/second-factor', { code: currentTotp(secret, at - 30_000) })).statusCode).toBe(400);

      const { rows } = await t.admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_event WHERE actor_user_id = $1 AND action = 'sign_in.second_factor' AND result = 'failure'`,
        [clerk.id],
      );
      expect(rows[0]!.n).toBe(3);
    });

    it('two sign-ins sending the same new code at once: one gets in', async () => {
      const clerk = await makeUser(t.db, org, ['clerk']);
      const at = Date.now();
      const secret = await enrol(clerk.email, at);
      const [a, b] = [await passwordStep(clerk.email), await passwordStep(clerk.email)];
      const code = currentTotp(secret, at + 30_000);
      const answers = await Promise.all([a.post('/sign-in/second-factor', { code }), b.post('/sign-in/second-factor', { code })]);
      expect(answers.map((r) => r.statusCode).sort()).toEqual([303, 400]);
    });
  });

  describe('behind a reverse proxy (finding 4)', () => {
    const failures = async (addresses: string[]) =>
      (
        await t.admin.query<{ origin_ip: string }>(
          `SELECT origin_ip FROM audit_event WHERE action = 'sign_in' AND result = 'failure' AND origin_ip = ANY($1) ORDER BY seq`,
          [addresses],
        )
      ).rows.map((r) => r.origin_ip);

    it('TRUST_PROXY=true trusts one hop: a made-up first X-Forwarded-For entry neither evades the limit nor enters the audit trail', async () => {
      const trustProxy = loadConfig({ TRUST_PROXY: 'true' }).trustProxy;
      const proxied = await buildTestServer(t.db, { trustProxy, signInAttemptsPerMinute: 3 });
      try {
        const browser = new Browser(proxied);
        await browser.get('/sign-in');
        const spoofed = Array.from({ length: 6 }, (_, i) => `198.51.100.${i + 1}`);
        const statuses = [];
        for (const address of spoofed) {
          const response = await browser.post(
            '/sign-in',
            { email: 'niemand-proxy@example.test', password: 'verkeerd wachtwoord' },
            // The client wrote the first entry; the proxy appended the address it saw.
            { 'x-forwarded-for': `${address}, 203.0.113.7` },
          );
          statuses.push(response.statusCode);
        }
        expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
        expect(await failures([...spoofed, '203.0.113.7'])).toEqual(['203.0.113.7', '203.0.113.7', '203.0.113.7']);
      } finally {
        await proxied.close();
      }
    });

    it('one account is limited however many addresses try it, and another account is not held up by it', async () => {
      const employee = await makeUser(t.db, org, ['employee']);
      const other = await makeUser(t.db, org, ['employee']);
      const proxied = await buildTestServer(t.db, { trustProxy: 1, signInAttemptsPerAccount: 3 });
      try {
        const browser = new Browser(proxied);
        await browser.get('/sign-in');
        const statuses = [];
        for (let i = 1; i <= 5; i++) {
          const response = await browser.post(
            '/sign-in',
            // The same account in another spelling counts as the same account.
            { email: i % 2 ? employee.email : ` ${employee.email.toUpperCase()} `, password: 'verkeerd wachtwoord' },
            { 'x-forwarded-for': `192.0.2.${i}` },
          );
          statuses.push(response.statusCode);
        }
        expect(statuses).toEqual([401, 401, 401, 429, 429]);
        // Refused before the password is looked at: the correct one gets no further now.
        const correct = await browser.post(
          '/sign-in',
          { email: employee.email, password: TEST_PASSWORD },
          { 'x-forwarded-for': '192.0.2.9' },
        );
        expect(correct.statusCode).toBe(429);
        expect(await sessionsOf(employee.id)).toBe(0);
        const unaffected = await browser.post(
          '/sign-in',
          { email: other.email, password: TEST_PASSWORD },
          { 'x-forwarded-for': '192.0.2.1' },
        );
        expect(unaffected.statusCode).toBe(303);
      } finally {
        await proxied.close();
      }
    });

    it('with the proxy given by its address, the address it saw is the one recorded', async () => {
      const proxied = await buildTestServer(t.db, { trustProxy: loadConfig({ TRUST_PROXY: '127.0.0.1' }).trustProxy });
      try {
        const browser = new Browser(proxied);
        await browser.get('/sign-in');
        await browser.post(
          '/sign-in',
          { email: 'niemand-adres@example.test', password: 'verkeerd wachtwoord' },
          { 'x-forwarded-for': '198.51.100.77, 203.0.113.77' },
        );
        expect(await failures(['198.51.100.77', '203.0.113.77'])).toEqual(['203.0.113.77']);
      } finally {
        await proxied.close();
      }
    });

    it('without TRUST_PROXY, X-Forwarded-For is ignored', async () => {
      const employee = await makeUser(t.db, org, ['employee']);
      const browser = await signIn(app, employee.email);
      await browser.get('/'); // the session's form token
      expect((await browser.post('/sign-out', {}, { 'x-forwarded-for': '198.51.100.99' })).statusCode).toBe(303);
      const { rows } = await t.admin.query<{ origin_ip: string }>(
        `SELECT origin_ip FROM audit_event WHERE actor_user_id = $1 AND action = 'sign_out'`,
        [employee.id],
      );
      expect(rows.map((r) => r.origin_ip)).toEqual(['127.0.0.1']);
    });
  });
});
