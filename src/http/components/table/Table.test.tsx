import Fastify, { type FastifyInstance } from 'fastify';
import { render } from 'preact-render-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, fitsWidth, launchChromium, type TestChromium } from '../../../../test/chromium.js';
import { assetRoutes } from '../../assets.js';
import { examples } from './examples.js';

const PHONE_390 = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/**
 * Tables on a phone: a plain table becomes a list of rows, each value under its column's name,
 * instead of columns squeezed to a word each and scrolling sideways without a hint; a wide
 * table (figures to compare) keeps its columns in a scroll region that says it scrolls.
 */
describe('tables on a phone (390 px)', () => {
  let server: FastifyInstance;
  let base: string;
  let chromium: TestChromium;

  beforeAll(async () => {
    server = Fastify({ logger: false });
    await assetRoutes(server);
    server.get<{ Params: { index: string } }>('/table/:index', async (request, reply) => {
      const example = examples[Number(request.params.index)];
      if (!example) return reply.code(404).send();
      const html = render(
        <html lang="nl" class="utrecht-html">
          <head>
            <meta charSet="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{`Tabel: ${example.name}`}</title>
            <link rel="stylesheet" href="/assets/weerbaar.css" />
          </head>
          <body class="utrecht-theme utrecht-document utrecht-body">
            <main id="main" class="utrecht-page-content">
              {example.render()}
            </main>
          </body>
        </html>,
      );
      return reply.header('content-type', 'text/html; charset=utf-8').send(`<!doctype html>${html}`);
    });
    base = await server.listen({ port: 0, host: '127.0.0.1' });
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  const indexOf = (name: string) => examples.findIndex((e) => e.name.startsWith(name));

  it('stacks a plain table: each row a block, each value under the name of its column', async () => {
    const page = await chromium.newPage(PHONE_390);
    try {
      await page.goto(`${base}/table/${indexOf('with a caption')}`);
      const cell = page.getByRole('cell').first();
      expect(await cell.evaluate((td) => getComputedStyle(td).display)).toBe('block');
      const labels = await page
        .getByRole('cell')
        .evaluateAll((cells) => cells.map((td) => getComputedStyle(td, '::before').content.replace(/^"|"$/g, '')));
      expect(labels.slice(0, 4)).toEqual(['Taak', 'Melding', 'Uiterlijk', 'Stand']);
      // Each cell holds its name and value: a table cell's fixed height let them spill over the next.
      const spilling = await page
        .getByRole('cell')
        .evaluateAll((cells) => cells.filter((td) => td.scrollHeight > td.clientHeight + 1).map((td) => td.textContent));
      expect(spilling).toEqual([]);
      // Still a table for a screen reader: the headers are there, only out of sight.
      expect(await page.getByRole('columnheader').count()).toBe(4);
      expect((await page.locator('thead').boundingBox())?.width).toBeLessThanOrEqual(1);
      expect(await fitsWidth(page)).toBe(true);
      await expectAccessible(page, 'stacked table at 390 px');
    } finally {
      await page.context().close();
    }
  });

  it('keeps a wide table side by side in a region that scrolls, with a visible hint', async () => {
    const page = await chromium.newPage(PHONE_390);
    try {
      await page.goto(`${base}/table/${indexOf('wide')}`);
      const region = page.getByRole('region', { name: 'Plichten op tijd' });
      expect(await region.isVisible()).toBe(true);
      expect(await page.getByText('Schuif de tabel opzij om alle kolommen te zien.').isVisible()).toBe(true);
      expect(
        await page
          .getByRole('cell')
          .first()
          .evaluate((td) => getComputedStyle(td).display),
      ).toBe('table-cell');
      expect(await fitsWidth(page), 'only the region scrolls, not the page').toBe(true);
      await expectAccessible(page, 'wide table at 390 px');
    } finally {
      await page.context().close();
    }
  });

  it('shows a plain table as a table, with its header row, on a desktop', async () => {
    const page = await chromium.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(`${base}/table/${indexOf('with a caption')}`);
      expect(
        await page
          .getByRole('cell')
          .first()
          .evaluate((td) => getComputedStyle(td).display),
      ).toBe('table-cell');
      expect(await page.getByRole('columnheader').first().isVisible()).toBe(true);
      expect(await page.getByText('Schuif de tabel opzij om alle kolommen te zien.').count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });
});
