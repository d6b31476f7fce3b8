import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb } from '../src/db/database.js';
import { startEmbedded, type EmbeddedServer } from '../src/db/embedded.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { grantAppLogin } from '../src/db/app-login.js';
import { randomBytes } from 'node:crypto';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser connection to the test server's maintenance database. */
    pgAdminUrl: string;
    /** The password weerbaar_app logs in with on the test server (the program's own login). */
    pgAppPassword: string;
  }
}

let server: EmbeddedServer | undefined;
let dataDir: string | undefined;

/**
 * One real PostgreSQL for the whole run (the embedded one, in a temporary directory, or
 * TEST_DATABASE_URL), with a migrated template that each test file copies.
 */
export async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-test-'));
    server = await startEmbedded(dataDir);
    adminUrl = server.connectionString;
  }
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query('DROP DATABASE IF EXISTS weerbaar_template');
  await client.query('CREATE DATABASE weerbaar_template');
  await client.end();
  const db = createDb(adminUrl.replace(/\/[^/?]*(\?|$)/, '/weerbaar_template$1'), 1);
  await migrateToLatest(db);
  // The tests log in as the program does, as weerbaar_app; the role is the server's, shared by
  // every test database, so its password is set once here (and handed to the CLI's children).
  const appPassword = randomBytes(18).toString('base64url');
  await grantAppLogin(db, appPassword);
  await db.destroy();
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgAppPassword', appPassword);
}

export async function teardown() {
  await server?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
}
