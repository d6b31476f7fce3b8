import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './main.js';

/** What a newcomer sees on a terminal, and what a log collector gets anywhere else. */
describe('the log', () => {
  const capture = async (format: 'auto' | 'json' | 'pretty', isTTY: boolean) => {
    const out = Object.assign(new PassThrough(), { isTTY });
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const logger = createLogger({ logLevel: 'info', logFormat: format }, out);
    logger.info({ address: 'http://127.0.0.1:3000' }, 'Weerbaar is running: open http://localhost:3000 in a browser');
    logger.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return text;
  };

  it('on a terminal: one readable line with the address, no JSON', async () => {
    const text = await capture('auto', true);
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(text).toContain('Weerbaar is running: open http://localhost:3000 in a browser');
    expect(text).not.toContain('{"level"');
  });

  it('elsewhere, or when asked: one JSON object per line', async () => {
    for (const text of [await capture('auto', false), await capture('json', true)]) {
      const entry = JSON.parse(text.trim()) as Record<string, unknown>;
      expect(entry).toMatchObject({ level: 30, service: 'weerbaar', msg: 'Weerbaar is running: open http://localhost:3000 in a browser' });
    }
  });

  it('readable when asked, even when not a terminal (and then without colours)', async () => {
    const text = await capture('pretty', false);
    expect(text).toContain('INFO');
    expect(text).not.toContain('\u001b[');
  });
});
