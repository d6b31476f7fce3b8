import type pg from 'pg';

/** Tables whose rows change on a refused request only by design: sessions and tokens are touched on every use. */
const BOOKKEEPING = new Set(['session', 'api_token']);
/** Columns a page changes by being looked at: the notifications of an incident are read when it is shown (also again, with a form's messages). */
const SEEN = `- 'read_at'`;

/**
 * A fingerprint of everything an organisation has in the database: per table with an
 * organisation_id, a hash of its rows (so an update shows, not only an insert), and of the
 * audit trail the rows that record a change (reads are audited too, and a page shown again
 * with its messages is a read); when a notification was read is left out too. Equal before and after a request: it wrote nothing.
 */
export async function writeFingerprint(admin: pg.Client, organisationId: string): Promise<Record<string, string>> {
  const tables = (
    await admin.query<{ table_name: string }>(
      `SELECT DISTINCT table_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'organisation_id' ORDER BY table_name`,
    )
  ).rows
    .map((r) => r.table_name)
    .filter((name) => !BOOKKEEPING.has(name));
  const parts = tables.map((name) => {
    const reads = name === 'audit_event' ? ` AND x.action !~ '[.](read|list)$'` : '';
    const row = name === 'notification' ? `(to_jsonb(x) ${SEEN})::text` : 'x::text';
    return `SELECT '${name}' AS name, md5(coalesce(string_agg(${row}, '|' ORDER BY ${row}), '')) AS hash
              FROM "${name}" x WHERE x.organisation_id = $1${reads}`;
  });
  const rows = (await admin.query<{ name: string; hash: string }>(parts.join(' UNION ALL '), [organisationId])).rows;
  return Object.fromEntries(rows.map((r) => [r.name, r.hash]));
}

/** The tables whose fingerprint differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);
}
