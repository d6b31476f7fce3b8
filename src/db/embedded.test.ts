import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUIET_LOG_SETTINGS, startEmbedded, type EmbeddedServer } from './embedded.js';

/** Issue 12, finding 15: the embedded server's own log does not quote what people typed. */
describe("the embedded PostgreSQL's log", () => {
  let dataDir: string;
  let server: EmbeddedServer;
  let client: pg.Client;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-embedded-log-'));
    server = await startEmbedded(dataDir);
    client = new pg.Client({ connectionString: server.connectionString });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await server?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('runs with the settings that keep statements, parameters and refused values out of it', async () => {
    for (const [name, value] of Object.entries(QUIET_LOG_SETTINGS)) {
      const shown = (await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0]?.[name];
      expect(`${name}=${shown}`).toBe(`${name}=${value}`);
    }
  });

  it('does not write a parameter, a literal or a refused value after an error', async () => {
    const typed = 'Jansen-Geheimstraat-0612345678';
    // A value the column type refuses (the message would quote it), a failing statement with a
    // parameter, and one with a literal.
    await expect(client.query('SELECT $1::int', [typed])).rejects.toThrow();
    await expect(client.query('SELECT $1::text AS said, 1 / 0 AS boom', [typed])).rejects.toThrow();
    await expect(client.query(`SELECT '${typed}'::text AS said, 1 / 0 AS boom`)).rejects.toThrow();
    await expect(client.query('SELECT $1::text AS said', [`${typed}\u0000`])).rejects.toThrow();
    // The log is written by another process: a checkpoint's line shows the server got this far.
    await client.query('CHECKPOINT');
    const log = await fs.readFile(path.join(dataDir, 'postgres.log'), 'utf8');
    expect(log).toMatch(/checkpoint/i);
    expect(log).not.toContain('Geheimstraat');
  });
});
