import { describe, expect, it } from 'vitest';
import { buildCouncilReport } from '../../../domain/insight/council-report.js';
import { complete, DIMENSIONS, type Count, type Dimension, type Figures } from '../../../domain/insight/insight.js';
import { translator } from '../../i18n/index.js';
import { councilDocument, trendText } from './council-document.js';

const t = translator('nl');

/** Figures of a year with `total` incidents, all threats online, and the given damages. */
function figures(year: number, total: number, damages = { items: 0, reimbursedCents: 0, recoveredCents: 0 }): Figures {
  const filter = { from: `${year}-01-01`, to: `${year}-12-31` };
  const counts: Partial<Record<Dimension, Count[]>> = {
    level: [{ key: 'threat', count: total }],
    channel: [{ key: 'social_media', count: total }],
    behaviour: [{ key: 'threat_of_violence', count: total }],
    role_category: [{ key: 'council', count: total }],
    month: [{ key: `${year}-03`, count: total }],
  };
  const none = { onTime: 0, late: 0, overdue: 0 };
  return {
    filter,
    total,
    online: total,
    by: Object.fromEntries(DIMENSIONS.map((d) => [d, complete(d, filter, counts[d] ?? [])])) as Record<Dimension, Count[]>,
    repeat: { perpetrators: 0, incidents: 0, bothGroups: 0 },
    handling: {
      measuresByKind: [],
      measuresByState: [],
      bansInForce: 0,
      policeReports: 0,
      prosecution: [],
      damages: { ...damages, amountCents: damages.reimbursedCents, outstandingCents: 0 },
    },
    onTime: { aftercare: none, perpetratorResponse: none, labourInspectorate: none, openDeadlines: 0, overdueDeadlines: 0 },
  };
}

const build = (current: number, previous: number, damages?: Parameters<typeof figures>[2]) =>
  buildCouncilReport({
    year: 2026,
    threshold: 5,
    current: figures(2026, current, damages),
    previous: figures(2025, previous),
    aftercare: { offered: 3, held: 8 },
    texts: {},
  });

describe('the council report as a document', () => {
  it('states the trend in words, rise, fall or the same, and gives no difference when a total is hidden', () => {
    expect(trendText(build(32, 24), t, 'nl')).toBe('32 meldingen, 8 meer dan vorig jaar (24).');
    expect(trendText(build(20, 26), t, 'nl')).toBe('20 meldingen, 6 minder dan vorig jaar (26).');
    expect(trendText(build(12, 12), t, 'nl')).toBe('12 meldingen, evenveel als vorig jaar.');
    const hidden = build(12, 3);
    expect(hidden.incidents.difference).toBeNull();
    expect(trendText(hidden, t, 'nl')).toBe(
      'Aantal meldingen: 12 (vorig jaar: < 5). Omdat een van beide aantallen te klein is om te tonen, staat er geen verschil bij.',
    );
  });

  it('hides amounts of money with the number of damage items they add up, and small single figures', () => {
    const few = build(12, 12, { items: 2, reimbursedCents: 45_000, recoveredCents: 10_000 });
    expect(few.handling.damages).toEqual({
      items: { count: null, suppressed: true },
      reimbursed: { cents: null, suppressed: true },
      recovered: { cents: null, suppressed: true },
    });
    expect(few.handling.aftercare).toEqual({ offered: { count: null, suppressed: true }, held: { count: 8 } });
    const many = build(12, 12, { items: 6, reimbursedCents: 45_000, recoveredCents: 10_000 });
    expect(many.handling.damages.reimbursed).toEqual({ cents: 45_000 });
    const doc = councilDocument(many, { t, lang: 'nl', organisation: 'Gemeente X', today: '2026-12-02' });
    const facts = doc.sections.find((s) => s.section === 'handling')!.blocks.find((b) => b.kind === 'facts');
    const reimbursed = facts?.kind === 'facts' ? facts.rows.find(([label]) => label === t('council.damage_reimbursed')) : undefined;
    expect(reimbursed?.[1]).toMatch(/^€\s450,00$/);
  });

  it('gives the norm its default text, the other sections none until written, and names no role held by one person', () => {
    const doc = councilDocument(build(12, 12), { t, lang: 'nl', organisation: 'Gemeente X', today: '2026-12-02' });
    expect(doc.sections.map((s) => [s.section, s.text !== null])).toEqual([
      ['norm', true],
      ['incidents', false],
      ['handling', false],
      ['prevention', false],
      ['lessons', false],
    ]);
    const text = JSON.stringify(doc.sections.flatMap((s) => s.blocks.filter((b) => b.kind === 'table')));
    for (const role of ['role.mayor', 'role.clerk', 'role.municipal_secretary'] as const) expect(text).not.toContain(`"${t(role)}"`);
  });
});
