import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Evidence files stored by their SHA-256: the same file is kept once, and its name is its
 * proof of integrity. Local directory now; the interface is small enough for an S3 store.
 */
export interface EvidenceStore {
  put(bytes: Buffer): Promise<{ sha256: string; size: number }>;
  get(sha256: string): Promise<Buffer>;
  /** Removes a file (retention); a file that is not there is no error. */
  delete(sha256: string): Promise<void>;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function localEvidenceStore(directory: string): EvidenceStore {
  const fileFor = (sha256: string) => path.join(directory, sha256.slice(0, 2), sha256);
  return {
    async put(bytes) {
      const sha256 = sha256Hex(bytes);
      const file = fileFor(sha256);
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const exists = await fs.access(file).then(
        () => true,
        () => false,
      );
      if (!exists) {
        // Write beside, then rename: a crash never leaves a half file under a valid hash.
        const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
        await fs.writeFile(temp, bytes, { mode: 0o600 });
        await fs.rename(temp, file);
      }
      return { sha256, size: bytes.length };
    },
    async get(sha256) {
      if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('bad hash');
      return fs.readFile(fileFor(sha256));
    },
    async delete(sha256) {
      if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('bad hash');
      await fs.rm(fileFor(sha256), { force: true });
    },
  };
}
