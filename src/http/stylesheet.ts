import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { transform } from 'lightningcss';
import { PurgeCSS } from 'purgecss';

/**
 * The one stylesheet, as small as the pages allow (issue 10 §7): the NL Design System's
 * tokens and Utrecht components cut down to the classes and custom properties our own code
 * uses (PurgeCSS over the files of src/http, or dist/http when built), minified
 * (lightningcss), compressed once with brotli and gzip, and named by its content's hash so
 * browsers may keep it for a year.
 *
 * Cutting takes a second or two, so the result is kept in a cache directory keyed by the
 * hash of everything that goes in: a start with nothing changed reads one file.
 */

export interface Stylesheet {
  css: string;
  hash: string;
  brotli: Buffer;
  gzip: Buffer;
}

/**
 * Classes built at run time from a variable (`utrecht-heading-${level}`, alert and field
 * kinds, button appearances): PurgeCSS cannot see them in the source, so they are kept by
 * pattern.
 */
const BUILT_AT_RUN_TIME = [/^utrecht-heading-\d$/, /^utrecht-alert--/, /^utrecht-form-field--/, /^utrecht-button--/, /^utrecht-link--/];

const here = path.dirname(fileURLToPath(import.meta.url));
const SOURCE = /\.(tsx?|js)$/;
const NOT_SOURCE = /\.(test|unit\.test)\.|\.d\.ts$/;

/** The text of every file of the web layer that can name a class (tests excepted). */
function sources(): { name: string; text: string }[] {
  return (readdirSync(here, { recursive: true }) as string[])
    .filter((name) => SOURCE.test(name) && !NOT_SOURCE.test(name))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(here, name), 'utf8') }));
}

async function cut(framework: string, own: string, files: { text: string }[]): Promise<string> {
  const [purged] = await new PurgeCSS().purge({
    content: files.map((f) => ({ raw: f.text, extension: 'js' })),
    css: [{ raw: framework }],
    variables: true,
    safelist: { standard: BUILT_AT_RUN_TIME },
  });
  const { code } = transform({ filename: 'weerbaar.css', code: Buffer.from(`${purged!.css}\n${own}`), minify: true });
  return Buffer.from(code).toString('utf8');
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Builds (or reads from the cache) the stylesheet of the framework's CSS files and our own
 * rules. `cacheDir` defaults to a directory in the system's temporary directory.
 */
export async function buildStylesheet(
  frameworkFiles: readonly string[],
  own: string,
  cacheDir = path.join(os.tmpdir(), 'weerbaar-assets'),
): Promise<Stylesheet> {
  const framework = frameworkFiles.map((file) => readFileSync(file, 'utf8')).join('\n');
  const files = sources();
  const inputs = createHash('sha256').update(framework).update(own).update(BUILT_AT_RUN_TIME.join());
  for (const f of files) inputs.update(f.name).update(f.text);
  const cached = path.join(cacheDir, `${inputs.digest('hex').slice(0, 32)}.css`);
  let css = await fs.readFile(cached, 'utf8').catch(() => undefined);
  if (css === undefined) {
    css = await cut(framework, own, files);
    // Written aside and renamed: a second process starting at the same moment reads whole files only.
    // A cache that cannot be written (a read-only temporary directory) only costs the next start its second.
    const aside = `${cached}.${process.pid}.tmp`;
    await fs
      .mkdir(cacheDir, { recursive: true })
      .then(() => fs.writeFile(aside, css!))
      .then(() => fs.rename(aside, cached))
      .catch(() => fs.rm(aside, { force: true }).catch(() => undefined));
  }
  const hash = createHash('sha256').update(css).digest('hex').slice(0, 16);
  return {
    css,
    hash,
    brotli: await brotli(css, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
    gzip: await gzip(css, { level: 9 }),
  };
}

let href = '/assets/weerbaar.css';

/** Where pages link the stylesheet: its hashed name once built (the plain name before, or in tests of components alone). */
export const stylesheetHref = (): string => href;

export function useStylesheet(sheet: Stylesheet): void {
  href = `/assets/weerbaar.${sheet.hash}.css`;
}
