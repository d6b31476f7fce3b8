import { Heading, Link, Paragraph, Table } from '../../components/index.js';
import type { View } from '../../components/view.js';
import { formatDay } from '../../displayed.js';
import { formatDateTime } from '../../i18n/index.js';
import { centsToEuro, type CaseData } from './case-sections.js';

interface CasePart {
  anchor: string;
  part: string;
  state: string;
  /** What to do next; undefined when nothing waits. */
  next: string | undefined;
}

/**
 * The case at a glance (issue 10 §4): each part the reader may work on, its state and the next
 * step, linking to the part below. Only parts the reader's abilities show are listed.
 */
export function caseParts(view: View, data: CaseData): CasePart[] {
  const t = view.t;
  const may = (ability: CaseData['abilities'][number]) => data.abilities.includes(ability);
  const parts: CasePart[] = [];
  if (may('duty.record'))
    for (const kind of ['labour_inspectorate', 'kings_commissioner'] as const) {
      const duty = data.escalation.escalations.find((e) => e.kind === kind);
      if (!duty) continue;
      const due = data.deadlines.find((d) => d.kind === kind);
      parts.push({
        anchor: `duty-${kind}`,
        part: t(`duty.${kind}`),
        state: duty.doneAt ? t('overview.duty_done', { when: formatDateTime(duty.doneAt, view.lang) }) : t('overview.duty_open'),
        next: duty.doneAt ? undefined : t('overview.duty_next', { due: due ? formatDateTime(due.dueAt, view.lang) : '—' }),
      });
    }
  if (may('injury.update')) {
    const i = data.incident.injury;
    const named = [
      i.physical && t('report.injury_physical'),
      i.mental && t('report.injury_mental'),
      i.hospital && t('report.injury_hospital'),
      i.lastingHarm && t('report.injury_lasting'),
      i.death && t('report.injury_death'),
    ].filter(Boolean);
    parts.push({
      anchor: 'injury-heading',
      part: t('injury.title'),
      state: named.join(', ') || t('overview.injury_none'),
      next: undefined,
    });
  }
  const police = data.police;
  if (police.canManage || police.reports.length > 0 || police.hidden) {
    const filed = police.reports[0];
    const consent = police.consents.find((c) => c.given);
    parts.push({
      anchor: 'police-heading',
      part: t('overview.police'),
      state: filed
        ? t('overview.police_filed', { date: formatDay(filed.filedOn, view.lang) })
        : police.hidden
          ? t('overview.police_filed_hidden')
          : consent
            ? t('overview.police_consent')
            : police.consents.length > 0
              ? t('overview.police_refused')
              : t('overview.police_none'),
      next: !police.canManage
        ? undefined
        : filed
          ? undefined
          : consent
            ? t('overview.police_next_file')
            : police.consents.length > 0
              ? undefined
              : t('overview.police_next_consent'),
    });
  }
  if (may('damage.manage') && may('duty.record')) {
    const { items, totals } = data.damage;
    parts.push({
      anchor: 'damage-heading',
      part: t('damage.title'),
      state:
        items.length === 0
          ? t('overview.damage_none')
          : t(items.length === 1 ? 'overview.damage_state_one' : 'overview.damage_state', {
              count: String(items.length),
              total: centsToEuro(totals.totalCents, view.lang),
              outstanding: centsToEuro(totals.outstandingCents, view.lang),
            }),
      next: totals.outstandingCents > 0 ? t('overview.damage_next') : undefined,
    });
  }
  if (may('triangle.mark') && may('duty.record')) {
    const mark = data.escalation.triangle;
    parts.push({
      anchor: 'triangle-heading',
      part: t('triangle.title'),
      state: !mark
        ? t('overview.triangle_none')
        : mark.discussedOn
          ? t('overview.triangle_discussed', { date: formatDay(mark.discussedOn, view.lang) })
          : mark.meetingOn
            ? t('overview.triangle_planned', { date: formatDay(mark.meetingOn, view.lang) })
            : t('overview.triangle_marked'),
      next: mark && !mark.discussedOn ? t('overview.triangle_next') : undefined,
    });
  }
  if (may('security_measure.manage') && data.escalation.securityMeasures)
    parts.push({
      anchor: 'security-heading',
      part: t('security.title'),
      state:
        data.escalation.securityMeasures.length === 0
          ? t('overview.security_none')
          : t('overview.security_state', { count: String(data.escalation.securityMeasures.length) }),
      next: undefined,
    });
  return parts;
}

export function CaseOverview({ view, data }: { view: View; data: CaseData }) {
  const t = view.t;
  const parts = caseParts(view, data);
  if (parts.length === 0) return null;
  return (
    <section aria-labelledby="case-overview">
      <Heading level={2} id="case-overview">
        {t('overview.title')}
      </Heading>
      <Paragraph>{t('overview.intro')}</Paragraph>
      <Table
        caption={t('overview.title')}
        captionHidden
        rows={parts}
        columns={[
          { header: t('overview.part'), rowHeader: true, cell: (p) => <Link href={`#${p.anchor}`}>{p.part}</Link> },
          { header: t('overview.state'), cell: (p) => p.state },
          { header: t('overview.next'), cell: (p) => (p.next ? <strong>{p.next}</strong> : '—') },
        ]}
      />
    </section>
  );
}
