import {
  ELEVATED_FROM,
  HIGH_FROM,
  stateOf,
  type Precaution,
  type RiskAssessment,
} from '../../../domain/risk-assessment/risk-assessment.js';
import type { AssessmentSummary } from '../../../domain/risk-assessment/risk-assessments.js';
import { amsterdamParts } from '../../../time/amsterdam.js';
import { Heading, Link, Paragraph, Table } from '../../components/index.js';
import type { View } from '../../components/view.js';
import { formatDateTime } from '../../i18n/index.js';

/** Pieces the risk assessment pages and the start page share. */

export const clock = (at: Date) => amsterdamParts(at).time;

export function LevelBadge({ view, a }: { view: View; a: Pick<RiskAssessment, 'level'> }) {
  if (!a.level) return <>{view.t('risk.level_none')}</>;
  return <strong class={`wb-risk wb-risk--${a.level}`}>{view.t(`risk.level.${a.level}`)}</strong>;
}

export const stateText = (view: View, a: RiskAssessment) => view.t(`risk.state.${stateOf(a)}`);

/** "Beveiliger stand-by, Beveiligde spreekkamer met alarmknop" — what is taken. */
export function takenText(view: View, precautions: readonly Precaution[]): string {
  const taken = precautions.filter((p) => p.decision === 'taken');
  return taken.length === 0 ? '—' : taken.map((p) => view.t(`risk.precaution.${p.kind}`)).join(', ');
}

export const openCount = (precautions: readonly Precaution[]) =>
  precautions.filter((p) => p.decision === 'pending' || (p.decision === 'taken' && !p.doneAt)).length;

/** Today's risky conversations: when, where, who of ours, what is arranged — never what it is about. */
export function TodaysConversations({
  view,
  conversations,
  id,
  title = view.t('risk.today'),
}: {
  view: View;
  conversations: AssessmentSummary[];
  id: string;
  title?: string;
}) {
  const t = view.t;
  return (
    <section aria-labelledby={id}>
      <Heading level={2} id={id}>
        {title}
      </Heading>
      {conversations.length === 0 ? (
        <Paragraph>{t('risk.none_today')}</Paragraph>
      ) : (
        <Table
          caption={title}
          captionHidden
          rows={conversations}
          columns={[
            {
              header: t('risk.col.when'),
              rowHeader: true,
              cell: (c) => <time dateTime={c.startsAt.toISOString()}>{clock(c.startsAt)}</time>,
            },
            { header: t('risk.col.where'), cell: (c) => c.location ?? '—' },
            { header: t('risk.col.host'), cell: (c) => c.host?.name ?? '—' },
            { header: t('risk.col.precautions'), cell: (c) => takenText(view, c.precautions) },
          ]}
        />
      )}
    </section>
  );
}

export function AssessmentLink({ view, a }: { view: View; a: RiskAssessment }) {
  return (
    <>
      <Link href={`/risk-assessments/${a.id}`}>{a.title}</Link>
      <br />
      <time dateTime={a.startsAt.toISOString()}>{formatDateTime(a.startsAt, view.lang)}</time>
    </>
  );
}

export const thresholds = { elevated: String(ELEVATED_FROM), high: String(HIGH_FROM) };
