import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { periodic } from './periodic.js';

/** The workers' loop: rounds one after another, a failing round logged and the next one run, stop waits for the round in progress. */
describe('a periodic worker', () => {
  it('runs rounds after one another, goes on after a failure, and stops after the round in progress', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    let rounds = 0;
    let running = false;
    let overlapped = false;
    let reachedThree: () => void = () => undefined;
    const three = new Promise<void>((resolve) => (reachedThree = resolve));
    const worker = periodic(
      logger,
      'test round',
      async () => {
        overlapped ||= running;
        running = true;
        rounds += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        running = false;
        if (rounds === 2) throw Object.assign(new Error('contains a name'), { code: 'X1' });
        if (rounds === 3) reachedThree();
      },
      1,
      0,
    );
    await three;
    await worker.stop();
    const stoppedAt = rounds;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(rounds).toBe(stoppedAt);
    expect(overlapped).toBe(false);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'test round failed', err: { name: 'Error', code: 'X1' } });
    expect(lines[0]).not.toContain('contains a name');
  });
});
