import { describe, expect, it } from 'vitest';
import { damageBand, exportDescription } from './export.js';

describe('the export', () => {
  it('puts damages in bands, the lower bound included', () => {
    expect([0, 1, 249_99, 250_00, 999_99, 1_000_00, 4_999_99, 5_000_00, 100_000_00].map(damageBand)).toEqual([
      'none',
      'under_250',
      'under_250',
      'from_250_to_1000',
      'from_250_to_1000',
      'from_1000_to_5000',
      'from_1000_to_5000',
      'from_5000',
      'from_5000',
    ]);
  });

  it('describes an export for the audit trail by format, period and filters only', () => {
    expect(exportDescription('csv', { from: '2026-01-01', to: '2026-12-31' })).toBe('csv:2026-01-01/2026-12-31');
    expect(exportDescription('xlsx', { from: '2026-01-01', to: '2026-03-31', level: 'threat', group: 'employee' })).toBe(
      'xlsx:2026-01-01/2026-03-31;level=threat;group=employee',
    );
  });
});
