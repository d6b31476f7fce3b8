import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { makeOrganisation, makeUser } from '../../test/factories.js';
import { withOrganisation, withoutOrganisation } from './database.js';
import type { Organisation } from '../domain/organisation/organisation.js';

describe('organisations are isolated by the database itself', () => {
  let t: TestDatabase;
  let a: Organisation;
  let b: Organisation;

  beforeAll(async () => {
    t = await createTestDatabase();
    a = await makeOrganisation(t.db, 'Gemeente A');
    b = await makeOrganisation(t.db, 'Gemeente B');
    await makeUser(t.db, a, ['clerk'], 'Griffier A');
    await makeUser(t.db, b, ['clerk'], 'Griffier B');
  });
  afterAll(() => t.close());

  it('a query that forgets the organisation filter still sees only its own organisation', async () => {
    const names = await withOrganisation(t.db, a.id, (tx) => tx.selectFrom('appUser').select('name').execute());
    expect(names.map((n) => n.name)).toEqual(['Griffier A']);
    const orgs = await withOrganisation(t.db, b.id, (tx) => tx.selectFrom('organisation').select('name').execute());
    expect(orgs.map((o) => o.name)).toEqual(['Gemeente B']);
  });

  it('without an organisation no tenant rows are visible at all', async () => {
    const rows = await withoutOrganisation(t.db, (tx) => tx.selectFrom('appUser').select('id').execute());
    expect(rows).toEqual([]);
  });

  it('writing a row into another organisation is rejected', async () => {
    await expect(
      withOrganisation(t.db, a.id, (tx) =>
        tx
          .insertInto('appUser')
          .values({ organisationId: b.id, email: 'indringer@example.test', name: 'Indringer', passwordHash: null })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('updates cannot reach another organisation', async () => {
    // Two organisations of this test's own: the update may change everyone in the first.
    const c = await makeOrganisation(t.db, 'Gemeente C');
    const d = await makeOrganisation(t.db, 'Gemeente D');
    await makeUser(t.db, c, ['clerk'], 'Griffier C');
    await makeUser(t.db, d, ['clerk'], 'Griffier D');
    await withOrganisation(t.db, c.id, (tx) => tx.updateTable('appUser').set({ name: 'Overschreven' }).execute());
    const { rows } = await t.admin.query<{ name: string }>(
      'SELECT name FROM app_user WHERE organisation_id = ANY($1::uuid[]) ORDER BY name',
      [[c.id, d.id]],
    );
    expect(rows.map((r) => r.name)).toEqual(['Griffier D', 'Overschreven']);
  });

  it('the program role owns nothing and cannot switch the setting to read the audit trail of others', async () => {
    const { rows } = await t.admin.query<{ owner: string }>("SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'app_user'");
    expect(rows[0]?.owner).not.toBe('weerbaar_app');
    await expect(withOrganisation(t.db, a.id, (tx) => sql`UPDATE audit_event SET action = 'x'`.execute(tx))).rejects.toThrow(
      /permission denied/,
    );
    const events = await withOrganisation(t.db, a.id, (tx) => tx.selectFrom('auditEvent').select('organisationId').execute());
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.organisationId))).toEqual(new Set([a.id]));
  });
});
