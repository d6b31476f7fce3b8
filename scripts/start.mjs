// `npm start`: compiles only when a source changed since the last build, so a start with
// nothing changed takes seconds instead of the compiler's twenty; then serves.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mtime = (file) => {
  try {
    return statSync(path.join(root, file)).mtimeMs;
  } catch {
    return 0;
  }
};
// Folders too: deleting a file changes its folder's time.
const newest = (dir) =>
  readdirSync(path.join(root, dir), { recursive: true }).reduce((n, f) => Math.max(n, mtime(path.join(dir, f))), mtime(dir));

const stamp = 'dist/.tsbuildinfo';
const built = mtime(stamp);
const inputs = Math.max(newest('src'), mtime('tsconfig.json'), mtime('tsconfig.build.json'), mtime('package-lock.json'));
if (built === 0 || inputs > built) {
  console.log('Weerbaar: compiling (a source changed since the last build) …');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // The compiler leaves its record alone when nothing it emits changed: mark this build as seen.
  const now = new Date();
  utimesSync(path.join(root, stamp), now, now);
}
process.argv = [process.argv[0], path.join(root, 'dist/cli/main.js'), 'serve', ...process.argv.slice(2)];
await import('../dist/cli/main.js');
