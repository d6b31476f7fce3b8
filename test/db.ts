import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { appConnectionString } from '../src/db/app-login.js';
import { createDb, type Db } from '../src/db/database.js';

export interface TestDatabase {
  /** The program's pool: logged in as weerbaar_app, as `serve` is. */
  db: Db;
  /** The owner's pool (the superuser here), for what the program does as the owner: audit verify, the demo. */
  owner: Db;
  /** The owner's connection string, as DATABASE_URL for the CLI. */
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
  const db = createDb(appConnectionString(url, inject('pgAppPassword')), 5);
  const owner = createDb(url, 2);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  return {
    db,
    owner,
    url,
    admin,
    async close() {
      await db.destroy();
      await owner.destroy();
      await admin.end();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
