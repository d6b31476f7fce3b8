import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localEvidenceStore } from '../src/domain/evidence/evidence-store.js';
import type { RetentionResult } from '../src/domain/retention/retention.js';
import { assertBuilt, jsonOf, runCli, type CliResult } from './cli.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { createIncident, makeOrganisation, makeUser } from './factories.js';

/**
 * `weerbaar retention run [--org SLUG] [--as-of YYYY-MM-DD] [--dry-run] [--json]` (issue 11 §1),
 * run as the real built program (`npm run build` first) with a fixed date.
 */
describe('weerbaar retention run', () => {
  let t: TestDatabase;
  let dataDir: string;
  const cli = (...args: string[]) => runCli(args, { DATABASE_URL: t.url, LOG_LEVEL: 'warn', WEERBAAR_DATA_DIR: dataDir });
  const ok = (result: CliResult) => expect(result.code, `exit ${result.code}\n${result.stdout}\n${result.stderr}`).toBe(0);
  const exists = async (id: string) => (await t.admin.query(`SELECT 1 FROM incident WHERE id = $1`, [id])).rowCount! > 0;
  let slug: string;
  let old: string;
  let theirs: string;
  let file: string;

  beforeAll(async () => {
    assertBuilt();
    t = await createTestDatabase();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-retention-cli-'));
    const org = await makeOrganisation(t.db, 'Gemeente Archief');
    slug = org.slug;
    await makeUser(t.db, org, ['security_adviser']);
    const reporter = await makeUser(t.db, org, ['employee']);
    old = await createIncident(t.db, { user: reporter, organisation: org }, { occurredAt: '2019-03-10T10:00:00+01:00' });
    await t.admin.query(`UPDATE incident SET status = 'closed', closed_at = '2019-06-01T12:00:00+02:00' WHERE id = $1`, [old]);
    const { sha256, size } = await localEvidenceStore(path.join(dataDir, 'evidence')).put(Buffer.from(`bewijs ${old}`));
    await t.admin.query(
      `INSERT INTO evidence_file (organisation_id, incident_id, sha256, size_bytes, media_type, file_name, uploaded_by)
       VALUES ($1, $2, $3, $4, 'text/plain', 'bewijs.txt', $5)`,
      [org.id, old, sha256, size, reporter.id],
    );
    file = path.join(dataDir, 'evidence', sha256.slice(0, 2), sha256);

    const other = await makeOrganisation(t.db, 'Gemeente Buur');
    const otherReporter = await makeUser(t.db, other, ['employee']);
    theirs = await createIncident(t.db, { user: otherReporter, organisation: other }, { occurredAt: '2019-03-10T10:00:00+01:00' });
    await t.admin.query(`UPDATE incident SET status = 'closed', closed_at = '2019-06-01T12:00:00+02:00' WHERE id = $1`, [theirs]);
  });
  afterAll(async () => {
    await t?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a date that is not one', async () => {
    const result = await cli('retention', 'run', '--as-of', '2026-02-30', '--json');
    expect(result.code).toBe(2);
    expect(jsonOf<{ error: { id: string } }>(result).error.id).toBe('invalid_date');
  });

  it('lists with --dry-run what would go and deletes nothing', async () => {
    const result = await cli('retention', 'run', '--org', slug, '--as-of', '2026-12-01', '--dry-run', '--json');
    ok(result);
    const out = jsonOf<{ asOf: string; dryRun: boolean; organisations: RetentionResult[] }>(result);
    expect(out).toMatchObject({ asOf: '2026-12-01', dryRun: true });
    expect(out.organisations).toHaveLength(1);
    expect(out.organisations[0]!.deleted.filter((i) => i.kind === 'incident').map((i) => i.id)).toEqual([old]);
    expect(await exists(old)).toBe(true);
    expect(existsSync(file)).toBe(true);

    const human = await cli('retention', 'run', '--org', slug, '--as-of', '2026-12-01', '--dry-run');
    ok(human);
    expect(human.stdout).toContain('would delete 1');
    expect(human.stdout).toContain('incident_closed');
  });

  it('deletes rows and files for one organisation only, and the audit trail still verifies', async () => {
    const result = await cli('--json', 'retention', 'run', '--org', slug, '--as-of', '2026-12-01');
    ok(result);
    const out = jsonOf<{ dryRun: boolean; organisations: RetentionResult[] }>(result);
    expect(out.dryRun).toBe(false);
    expect(out.organisations[0]!.files).toBe(1);
    expect(await exists(old)).toBe(false);
    expect(existsSync(file)).toBe(false);
    expect(await exists(theirs)).toBe(true);

    const verified = await cli('--json', 'audit', 'verify');
    ok(verified);
    expect(jsonOf<{ intact: boolean }>(verified).intact).toBe(true);
  });

  it('runs every organisation without --org', async () => {
    const result = await cli('retention', 'run', '--as-of', '2026-12-01', '--json');
    ok(result);
    expect(await exists(theirs)).toBe(false);
    ok(await cli('audit', 'verify'));
  });
});
