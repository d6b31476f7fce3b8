import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db } from '../src/db/database.js';

export interface TestDatabase {
  db: Db;
  url: string;
  /** A superuser connection to the same database, for tests that play the attacker or DBA. */
  admin: pg.Client;
  close(): Promise<void>;
}

/** A fresh, migrated database for one test file (a copy of the template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `wb_${randomBytes(6).toString('hex')}`;
  const maintenance = new pg.Client({ connectionString: adminUrl });
  await maintenance.connect();
  await maintenance.query(`CREATE DATABASE ${name} TEMPLATE weerbaar_template`);
  await maintenance.end();
  const url = adminUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const db = createDb(url, 5);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  return {
    db,
    url,
    admin,
    async close() {
      await db.destroy();
      await admin.end();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
