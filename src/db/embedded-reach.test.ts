import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded } from './embedded.js';

/**
 * A newcomer's first start as root in a folder closed to others (a clone under /root): the
 * embedded server runs as `postgres`, which cannot reach it. Said in words, with what to do,
 * instead of "spawn …/initdb EACCES".
 */
describe('the embedded database in a folder its server user cannot reach', () => {
  let closed: string;

  beforeAll(async () => {
    closed = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-closed-'));
    await fs.chmod(closed, 0o700);
  });
  afterAll(() => fs.rm(closed, { recursive: true, force: true }));

  it('names the closed folder and what to do, and starts nothing', async () => {
    const dataDir = path.join(closed, 'project', 'data');
    if (process.getuid?.() === 0) {
      // As root (as CI and the machine it was found on): the server would run as postgres.
      const error = await startEmbedded(dataDir).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toContain(`de map ${closed} is gesloten voor anderen`);
      expect(error?.message).toContain(`chmod o+x ${closed}`);
      expect(error?.message).toContain('DATABASE_URL');
      await expect(fs.access(path.join(dataDir, 'postgres', 'PG_VERSION'))).rejects.toThrow();
      await expect(fs.access(path.join(dataDir, 'weerbaar.pid'))).rejects.toThrow();
    } else {
      // Not root: the server runs as this user, who owns the folder; it starts.
      const server = await startEmbedded(dataDir);
      await server.stop();
    }
  });
});
