import type { Logger } from 'pino';
import type { Worker } from './outbox-mailer.js';

/**
 * Runs `round` after `firstAfterMs` and then every `intervalMs` (counted from the end of the
 * previous round, so rounds never overlap) until stopped. A failing round is logged without
 * its message (it may quote data) and the next one runs as planned.
 */
export function periodic(logger: Logger, name: string, round: () => Promise<void>, intervalMs: number, firstAfterMs = 0): Worker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      try {
        await round();
      } catch (error) {
        logger.warn({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, `${name} failed`);
      }
      if (!stopped) timer = setTimeout(tick, intervalMs);
    })();
  };
  timer = setTimeout(tick, firstAfterMs);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
