import type { FastifyInstance } from 'fastify';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { makeOrganisation, makeUser } from '../../test/factories.js';
import { buildTestServer, signIn, type Browser } from '../../test/http.js';

/** Light pages for a phone in a basement (issue 10 §7): one small, compressed, long-lived stylesheet. */
describe('the stylesheet and the icon', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let employee: Browser;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildTestServer(t.db);
    const org = await makeOrganisation(t.db, 'Gemeente Licht');
    const user = await makeUser(t.db, org, ['employee']);
    employee = await signIn(app, user.email);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const stylesheetOf = (html: string) => /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];

  it('pages link it under a name with its hash, kept for a year, compressed as the browser accepts', async () => {
    const page = await app.inject('/sign-in');
    const href = stylesheetOf(page.body)!;
    expect(href).toMatch(/^\/assets\/weerbaar\.[0-9a-f]{16}\.css$/);
    const br = await app.inject({ url: href, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toBe('accept-encoding');
    const css = zlib.brotliDecompressSync(br.rawPayload).toString('utf8');
    const gzip = await app.inject({ url: href, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzip.rawPayload).toString('utf8')).toBe(css);
    const plain = await app.inject({ url: href });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(css);
    // Asked again with its etag: nothing to send.
    expect((await app.inject({ url: href, headers: { 'if-none-match': String(br.headers.etag) } })).statusCode).toBe(304);
  });

  it('holds what the pages use and not the rest of the component library, minified', async () => {
    const css = (await app.inject(stylesheetOf((await app.inject('/sign-in')).body)!)).body;
    for (const used of [
      '.utrecht-button',
      '.utrecht-textbox',
      '.utrecht-heading-1',
      '.utrecht-alert--error',
      '.utrecht-form-field--invalid',
      '.wb-header',
    ])
      expect(css).toContain(used);
    // Components no page uses are cut, with the design tokens only they referred to.
    for (const unused of ['.utrecht-calendar', '.utrecht-digid-button', '.utrecht-drawer', '--utrecht-calendar'])
      expect(css).not.toContain(unused);
    expect(css).not.toMatch(/\n\s*\n/);
    // The whole component library and its tokens are about 490 KB; what a phone fetches is a fraction.
    expect(css.length).toBeLessThan(120_000);
    expect(zlib.brotliCompressSync(css).length).toBeLessThan(15_000);
  });

  it('the report form and its stylesheet weigh less than 50 KB on a first visit', async () => {
    const page = await employee.get('/report');
    expect(page.statusCode).toBe(200);
    const sheet = await app.inject({ url: stylesheetOf(page.body)!, headers: { 'accept-encoding': 'br' } });
    expect(page.rawPayload.length + sheet.rawPayload.length).toBeLessThan(50_000);
  });

  it('has an icon, also where browsers look for one unasked, so no page logs a missing favicon', async () => {
    const page = await app.inject('/sign-in');
    expect(page.body).toContain('<link rel="icon" href="/assets/icon.svg" type="image/svg+xml"');
    for (const url of ['/assets/icon.svg', '/favicon.ico']) {
      const icon = await app.inject(url);
      expect(icon.statusCode).toBe(200);
      expect(icon.headers['content-type']).toBe('image/svg+xml');
      expect(icon.body).toMatch(/^<svg /);
    }
  });
});

describe('the stylesheet without a cache it can write', () => {
  it('is still built, the same as with one', async () => {
    const { buildStylesheet } = await import('./stylesheet.js');
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const files = [
      require.resolve('@utrecht/design-tokens/dist/theme.css'),
      require.resolve('@utrecht/component-library-css/dist/index.css'),
    ];
    // A file where the cache directory should be: nothing can be written beneath it.
    const blocked = path.join(os.tmpdir(), `wb-no-cache-${process.pid}`);
    await fs.writeFile(blocked, '');
    try {
      const without = await buildStylesheet(files, '.wb-x { color: red; }', path.join(blocked, 'cache'));
      const withCache = await buildStylesheet(files, '.wb-x { color: red; }');
      expect(without.css).toBe(withCache.css);
      expect(without.css).toContain('.wb-x{color:red}');
    } finally {
      await fs.rm(blocked, { force: true });
    }
  });
});
