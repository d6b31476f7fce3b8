import Fastify, { type FastifyInstance } from 'fastify';
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, type TestChromium } from '../../../test/chromium.js';
import { assetRoutes } from '../assets.js';
import { Alert } from './alert/Alert.js';
import { examples as alert } from './alert/examples.js';
import { Button, ButtonRow } from './button/Button.js';
import { examples as button } from './button/examples.js';
import { Code } from './code/Code.js';
import { examples as code } from './code/examples.js';
import { DataList, DataRow } from './data-list/DataList.js';
import { examples as dataList } from './data-list/examples.js';
import { examples as heading } from './heading/examples.js';
import { Heading } from './heading/Heading.js';
import { examples as link } from './link/examples.js';
import { Link } from './link/Link.js';
import { examples as list } from './list/examples.js';
import { ListItem, OrderedList, OrderedListItem, UnorderedList } from './list/List.js';
import { examples as paragraph } from './paragraph/examples.js';
import { Paragraph } from './paragraph/Paragraph.js';
import { examples as table } from './table/examples.js';
import { examples as disclosure } from './disclosure/examples.js';
import { examples as errorSummary } from './error-summary/examples.js';
import { examples as field } from './field/examples.js';
import { examples as form } from './form/examples.js';
import { examples as layout } from './layout/examples.js';
import { Table } from './table/Table.js';

/** `page`: the example is a whole document (the layout), served as it is. */
type Examples = { name: string; page?: true; render: () => VNode }[];

/** Every component folder's examples, by folder name; a folder missing here fails the first test. */
const COMPONENTS: Record<string, Examples> = {
  alert,
  button,
  code,
  'data-list': dataList,
  disclosure,
  'error-summary': errorSummary,
  field,
  form,
  heading,
  layout,
  link,
  list,
  paragraph,
  table,
};

const here = path.dirname(fileURLToPath(import.meta.url));

/** An example alone on a page as the product serves one: Dutch, titled, in a main landmark, our stylesheet. */
function examplePage(component: string, example: Examples[number]): string {
  if (example.page) return `<!doctype html>${render(example.render())}`;
  return (
    '<!doctype html>' +
    render(
      <html lang="nl" class="utrecht-html">
        <head>
          <meta charSet="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${component}: ${example.name} — Weerbaar`}</title>
          <link rel="stylesheet" href="/assets/weerbaar.css" />
        </head>
        <body class="utrecht-theme utrecht-document utrecht-body">
          <main id="main" class="utrecht-page-content">
            {example.render()}
          </main>
        </body>
      </html>,
    )
  );
}

describe('every component folder', () => {
  it('has a template and examples, listed in this test', () => {
    const folders = readdirSync(here, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(folders).toEqual(Object.keys(COMPONENTS).sort());
    for (const folder of folders) {
      expect(existsSync(path.join(here, folder, 'examples.tsx')), folder).toBe(true);
      const templates = readdirSync(path.join(here, folder)).filter((file) => /^[A-Z]\w*\.tsx$/.test(file));
      expect(templates.length, `${folder} has a <Name>.tsx`).toBeGreaterThan(0);
    }
  });

  it.each(Object.entries(COMPONENTS))('%s: every example renders, escaped, without inline style or script', (_component, examples) => {
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const html = render(example.render());
      expect(html, example.name).not.toBe('');
      // The CSP allows neither inline styles nor scripts; text that looks like markup stays text.
      expect(html, example.name).not.toMatch(/ style=|<script/i);
    }
  });
});

describe('components in Chromium with axe (WCAG 2.1 AA)', () => {
  let server: FastifyInstance;
  let base: string;
  let chromium: TestChromium;

  beforeAll(async () => {
    // The stylesheet through the product's own asset route, so contrast is measured on what people see.
    server = Fastify({ logger: false });
    await assetRoutes(server);
    server.get<{ Params: { component: string; index: string } }>('/examples/:component/:index', async (request, reply) => {
      const example = COMPONENTS[request.params.component]?.[Number(request.params.index)];
      if (!example) return reply.code(404).send();
      return reply.header('content-type', 'text/html; charset=utf-8').send(examplePage(request.params.component, example));
    });
    base = await server.listen({ port: 0, host: '127.0.0.1' });
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it.each(Object.entries(COMPONENTS))('%s: no violations in any example', async (component, examples) => {
    const page = await chromium.newPage();
    try {
      for (const [index, example] of examples.entries()) {
        const response = await page.goto(`${base}/examples/${component}/${index}`);
        expect(response?.status()).toBe(200);
        const styled = await page.evaluate(() => [...document.styleSheets].reduce((n, sheet) => n + sheet.cssRules.length, 0));
        expect(styled, 'stylesheet loaded').toBeGreaterThan(100);
        expect((await page.locator('main').innerText()).trim(), `${component}: ${example.name}`).not.toBe('');
        await expectAccessible(page, `${component}: ${example.name}`);
      }
    } finally {
      await page.context().close();
    }
  });
});

describe('markup the pages rely on', () => {
  it('heading: the level picks the element and its class', () => {
    expect(
      render(
        <Heading level={3} id="damage-heading">
          Schade
        </Heading>,
      ),
    ).toBe('<h3 class="utrecht-heading-3" id="damage-heading">Schade</h3>');
    expect(render(<Heading level={1}>Meldingen</Heading>)).toBe('<h1 class="utrecht-heading-1">Meldingen</h1>');
  });

  it('paragraph: plain, lead, line breaks kept, text escaped', () => {
    expect(render(<Paragraph>Tekst</Paragraph>)).toBe('<p class="utrecht-paragraph">Tekst</p>');
    expect(render(<Paragraph lead>Tekst</Paragraph>)).toBe('<p class="utrecht-paragraph utrecht-paragraph--lead">Tekst</p>');
    expect(render(<Paragraph keepLineBreaks>Tekst</Paragraph>)).toBe('<p class="utrecht-paragraph wb-pre">Tekst</p>');
    expect(render(<Paragraph>{'<b>vet</b> & "zo"'}</Paragraph>)).toBe(
      '<p class="utrecht-paragraph">&lt;b>vet&lt;/b> &amp; &quot;zo&quot;</p>',
    );
  });

  it('link: plain, current page, external, next', () => {
    expect(render(<Link href="/help">Hulp</Link>)).toBe('<a class="utrecht-link" href="/help">Hulp</a>');
    expect(
      render(
        <Link href="/tasks" current>
          Taken
        </Link>,
      ),
    ).toBe('<a class="utrecht-link utrecht-link--current" href="/tasks" aria-current="page">Taken</a>');
    expect(
      render(
        <Link href="https://example.nl/x" external>
          x
        </Link>,
      ),
    ).toContain('rel="noopener noreferrer nofollow"');
    expect(
      render(
        <Link href="/perpetrators?after=1" rel="next">
          Volgende
        </Link>,
      ),
    ).toContain('rel="next"');
  });

  it('list: unordered and ordered items carry their list classes', () => {
    expect(
      render(
        <UnorderedList>
          <ListItem>a</ListItem>
        </UnorderedList>,
      ),
    ).toBe('<ul class="utrecht-unordered-list"><li class="utrecht-unordered-list__item">a</li></ul>');
    expect(
      render(
        <OrderedList>
          <OrderedListItem>a</OrderedListItem>
        </OrderedList>,
      ),
    ).toBe('<ol class="utrecht-ordered-list"><li class="utrecht-ordered-list__item">a</li></ol>');
  });

  it('button: submit by default, one class per variant, name and value, the row wrapper', () => {
    expect(render(<Button variant="primary">Versturen</Button>)).toBe(
      '<button type="submit" class="utrecht-button utrecht-button--primary-action">Versturen</button>',
    );
    expect(
      render(
        <Button variant="secondary" name="transition" value="close">
          Afsluiten
        </Button>,
      ),
    ).toBe(
      '<button type="submit" name="transition" value="close" class="utrecht-button utrecht-button--secondary-action">Afsluiten</button>',
    );
    expect(
      render(
        <Button variant="subtle" type="button">
          Afmelden
        </Button>,
      ),
    ).toBe('<button type="button" class="utrecht-button utrecht-button--subtle">Afmelden</button>');
    expect(render(<ButtonRow>x</ButtonRow>)).toBe('<div class="wb-actions wb-button-row">x</div>');
  });

  describe('table', () => {
    const rows = [
      { name: 'P. Jansen', amount: '€ 10,00' },
      { name: 'K. de Boer', amount: '€ 2,50' },
    ];
    const columns = [
      { header: 'Naam', cell: (r: (typeof rows)[number]) => r.name, rowHeader: true },
      { header: 'Bedrag', cell: (r: (typeof rows)[number]) => r.amount, numeric: true },
      { header: 'Adres', cell: () => 'https://example.nl/lang', breakWords: true },
    ];

    it('renders the Utrecht structure with a caption and a header cell with scope="col" per column', () => {
      const html = render(<Table caption="Schadeposten" columns={columns} rows={rows} />);
      expect(html).toMatch(
        /^<div class="utrecht-table-container wb-table-stack"><table class="utrecht-table" role="table"><caption class="utrecht-table__caption">Schadeposten<\/caption>/,
      );
      expect(html).toContain('<thead class="utrecht-table__header" role="rowgroup"><tr class="utrecht-table__row" role="row">');
      expect(html).toContain('<tbody class="utrecht-table__body" role="rowgroup">');
      expect(html.match(/<th [^>]*scope="col"/g)).toHaveLength(3);
      expect(html.match(/<tr class="utrecht-table__row" role="row">/g)).toHaveLength(3);
      expect(html).toContain('<th class="utrecht-table__header-cell" scope="row" role="rowheader" data-label="Naam">P. Jansen</th>');
      expect(html).toContain(
        '<th class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column" scope="col" role="columnheader">Bedrag</th>',
      );
      // Each cell carries its column's name, which a narrow screen shows above the value.
      expect(html).toContain(
        '<td class="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data" role="cell" data-label="Bedrag">€ 2,50</td>',
      );
      expect(html).toContain('<td class="utrecht-table__cell wb-break" role="cell" data-label="Adres">https://example.nl/lang</td>');
    });

    it('a hidden caption names the table instead', () => {
      const html = render(<Table caption="Meldingen" captionHidden columns={columns} rows={rows} />);
      expect(html).toContain('<table class="utrecht-table" role="table" aria-label="Meldingen">');
      expect(html).not.toContain('<caption');
    });

    it('a wide table scrolls in a named region, with its hint, instead of stacking', () => {
      const html = render(<Table caption="Plichten" wide scrollHint="Schuif opzij." columns={columns} rows={rows} />);
      expect(html).toContain('<p class="utrecht-paragraph wb-scroll-hint">Schuif opzij.</p>');
      expect(html).toContain('role="region" aria-label="Plichten"');
      expect(html).not.toContain('wb-table-stack');
    });

    it('no rows: the empty text, or nothing', () => {
      expect(render(<Table caption="Verboden" columns={columns} rows={[]} empty="Geen verboden." />)).toBe(
        '<p class="utrecht-paragraph">Geen verboden.</p>',
      );
      expect(render(<Table caption="Verboden" columns={columns} rows={[]} />)).toBe('');
    });
  });

  it('data list: item, key and value classes', () => {
    expect(
      render(
        <DataList>
          <DataRow label="Status">Open</DataRow>
        </DataList>,
      ),
    ).toBe(
      '<dl class="utrecht-data-list"><div class="utrecht-data-list__item"><dt class="utrecht-data-list__item-key">Status</dt>' +
        '<dd class="utrecht-data-list__item-value">Open</dd></div></dl>',
    );
    expect(
      render(
        <DataRow label="Beschrijving" keepLineBreaks>
          a
        </DataRow>,
      ),
    ).toContain('<dd class="utrecht-data-list__item-value wb-pre">a</dd>');
  });

  it('alert: a class per type, a role only when asked, a section when named by a heading', () => {
    for (const type of ['info', 'ok', 'warning', 'error'] as const) {
      expect(render(<Alert type={type}>x</Alert>)).toBe(`<div class="utrecht-alert utrecht-alert--${type}">x</div>`);
    }
    expect(
      render(
        <Alert type="ok" role="status">
          x
        </Alert>,
      ),
    ).toBe('<div class="utrecht-alert utrecht-alert--ok" role="status">x</div>');
    expect(
      render(
        <Alert type="warning" labelledBy="h">
          x
        </Alert>,
      ),
    ).toBe('<section class="utrecht-alert utrecht-alert--warning" aria-labelledby="h">x</section>');
  });

  it('code: plain, breaking a hash, the authenticator key', () => {
    expect(render(<Code>{'{naam}'}</Code>)).toBe('<code class="utrecht-code">{naam}</code>');
    expect(render(<Code breakAll>ab12</Code>)).toBe('<code class="utrecht-code wb-break">ab12</code>');
    expect(render(<Code secret>ABCD</Code>)).toBe('<code class="utrecht-code wb-secret">ABCD</code>');
  });
});
