import { Session } from 'node:inspector/promises';

/** One line of a CPU profile summary: a share of the sampled time. */
export interface ProfileEntry {
  name: string;
  percent: number;
}

export interface ProfileSummary {
  seconds: number;
  functions: ProfileEntry[];
  packages: ProfileEntry[];
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * A CPU profile of this process's main thread (where the server runs) between start and
 * stop, as `node --cpu-prof` would take it, summarised by self time per function and per package.
 */
export async function startProfile(): Promise<() => Promise<ProfileSummary>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    session.disconnect();
    return summarise(profile);
  };
}

function summarise(profile: CpuProfile): ProfileSummary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const time = profile.timeDeltas[i] ?? 0;
    const frame = nodes.get(id)?.callFrame;
    if (!frame) return;
    total += time;
    const file = frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, '');
    const name = `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + time);
    byPackage.set(packageOf(frame), (byPackage.get(packageOf(frame)) ?? 0) + time);
  });
  const top = (map: Map<string, number>, count: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, time]) => ({ name, percent: total > 0 ? (100 * time) / total : 0 }));
  return { seconds: total / 1e6, functions: top(byFunction, 15), packages: top(byPackage, 12) };
}

/** npm package, our own module folder, a Node built-in, or what V8 calls the time (idle, GC). */
function packageOf(frame: { functionName: string; url: string }): string {
  const url = frame.url;
  const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (npm) return npm[1]!;
  const own = /\/dist\/([^/]+(?:\/[^/]+)?)\//.exec(url);
  if (own) return `weerbaar ${own[1]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return frame.functionName ? `(${frame.functionName.replace(/[()]/g, '')})` : '(native)';
}
