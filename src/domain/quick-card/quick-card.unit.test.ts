import { describe, expect, it } from 'vitest';
import { dialableParts, quickCardLinesSchema } from './quick-card.js';

describe('quick card lines', () => {
  it('makes telephone numbers dialable and leaves room numbers and extensions as text', () => {
    expect(dialableParts('Beveiliging: 020-123 45 67 (dag en nacht)')).toEqual([
      { text: 'Beveiliging: ' },
      { text: '020-123 45 67', tel: '0201234567' },
      { text: ' (dag en nacht)' },
    ]);
    expect(dialableParts('Bel +31 20 123 4567')).toEqual([{ text: 'Bel ' }, { text: '+31 20 123 4567', tel: '+31201234567' }]);
    expect(dialableParts('Alarmknop onder het bureau in kamer 214, toestel 4455')).toEqual([
      { text: 'Alarmknop onder het bureau in kamer 214, toestel 4455' },
    ]);
    expect(dialableParts('Nood: 112')).toEqual([{ text: 'Nood: ' }, { text: '112', tel: '112' }]);
  });

  it('takes one line per line, drops blank ones, and refuses too many or too long', () => {
    expect(quickCardLinesSchema.parse('  Alarmknop bij de balie \r\n\n Beveiliging 020-1234567 ')).toEqual([
      'Alarmknop bij de balie',
      'Beveiliging 020-1234567',
    ]);
    expect(quickCardLinesSchema.safeParse(Array.from({ length: 11 }, (_, i) => `regel ${i}`).join('\n')).success).toBe(false);
    expect(quickCardLinesSchema.safeParse('x'.repeat(201)).success).toBe(false);
  });
});
