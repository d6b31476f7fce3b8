import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

/** The built command line, as `npx weerbaar` runs it (`npm run build` first). */
export const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/** The variables the program reads; the tests set them explicitly, never inherit them. */
const PROGRAM_VARIABLES = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'WEERBAAR_DATA_DIR',
  'LOG_LEVEL',
  'TRUST_PROXY',
  'SESSION_MAX_HOURS',
  'SMTP_URL',
  'MAIL_FROM',
  'PUBLIC_URL',
  'AUDIT_SIGNING_KEY',
  'AUDIT_SIGNING_KEY_FILE',
  'AUDIT_CHECKPOINT_DIR',
  'AUDIT_CHECKPOINT_MINUTES',
  'DATABASE_APP_URL',
  'DATABASE_APP_PASSWORD',
];

export function assertBuilt() {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before these tests.`);
}

/**
 * This process's environment without the program's variables, plus the given ones. Against the
 * shared test server (DATABASE_URL), weerbaar_app logs in with that server's password
 * (global-setup) unless a test gives its own: the role belongs to the whole server, and a child
 * that set another would lock out every other test file. On an embedded server of its own the
 * program makes and keeps its password, as it does for anyone.
 */
export function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const name of PROGRAM_VARIABLES) delete base[name];
  return { ...base, ...(env.DATABASE_URL ? { DATABASE_APP_PASSWORD: inject('pgAppPassword') } : {}), ...env };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Spawns `node dist/cli/main.js …`. The working directory is the temporary directory, so a
 * developer's `.env` in the repository cannot change what the test runs against.
 */
export function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { env: cliEnv(env), cwd: os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs one command to the end (killed after `timeoutMs`, so a hanging command fails the test). */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 50_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The JSON a command printed with --json (results and errors alike go to stdout). */
export function jsonOf<T = Record<string, unknown>>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** A line of a JavaScript stack trace, e.g. "    at foo (/x/y.js:1:2)". */
export const STACK_LINE = /^\s+at .+:\d+(:\d+)?\)?$/m;
