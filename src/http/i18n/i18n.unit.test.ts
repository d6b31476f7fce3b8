import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS } from '../../domain/notification/notification.js';
import { isMessageKey, translator } from './index.js';

describe('texts', () => {
  it('has a text for every kind of notification, in Dutch and English (the inbox showed raw keys)', () => {
    for (const lang of ['nl', 'en'] as const) {
      const t = translator(lang);
      for (const kind of NOTIFICATION_KINDS) {
        const key = `notification.${kind}` as const;
        expect(isMessageKey(key), key).toBe(true);
        expect(t(key, { reference: 'M-00042' })).not.toContain('notification.');
      }
    }
  });

  it('fills in parameters and leaves unknown ones visible', () => {
    const t = translator('nl');
    expect(t('notification.incident_routed', { reference: 'M-00042' })).toBe('Nieuwe melding M-00042');
    expect(t('notification.incident_routed')).toBe('Nieuwe melding {reference}');
  });

  it('tells known keys from strings that are not texts', () => {
    expect(isMessageKey('error.not_found')).toBe(true);
    expect(isMessageKey('notification.bestaat_niet')).toBe(false);
    expect(isMessageKey('toString')).toBe(false);
  });
});
