import { incidentReference } from '../../domain/incident/incident.js';
import type { WorkDeadline, WorkList } from '../../domain/worklist/worklist.js';
import { Heading, Link, ListItem, Paragraph, Table, UnorderedList } from '../components/index.js';
import type { View } from '../components/view.js';
import { formatDateTime } from '../i18n/index.js';
import { dueText, OverdueBadge } from './aftercare/tasks.js';
import { DeadlineIncident, workPage } from './deadline-place.js';
import { TodaysConversations } from './risk/risk-views.js';

const reference = (number: number | null) => incidentReference({ number });

/** Deadlines of one kind of work, those for today marked at a glance (overdue with how late). */
function DeadlineSection({ view, id, title, deadlines }: { view: View; id: string; title: string; deadlines: WorkDeadline[] }) {
  const t = view.t;
  if (deadlines.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <Heading level={2} id={id}>
        {title}
      </Heading>
      <Table
        caption={title}
        captionHidden
        rows={deadlines}
        columns={[
          { header: t('tasks.kind'), rowHeader: true, cell: (d) => <Link href={workPage(d)}>{t(`deadline.${d.kind}`)}</Link> },
          { header: t('tasks.incident'), cell: (d) => <DeadlineIncident d={d} /> },
          { header: t('deadline.due'), cell: (d) => dueText(view, d) },
          {
            header: t('tasks.state'),
            cell: (d) =>
              d.state === 'overdue' ? (
                <OverdueBadge view={view} dueAt={d.dueAt} />
              ) : d.today ? (
                <strong class="wb-today">{t('worklist.due_today')}</strong>
              ) : (
                t('deadline.state.open')
              ),
          },
        ]}
      />
    </section>
  );
}

/** The steps of an organisation's first days, for its administrator, each ticked when done. */
function GettingStartedList({ view, work }: { view: View; work: WorkList }) {
  const t = view.t;
  const g = work.gettingStarted;
  if (!g || g.done) return null;
  const steps: { href: string; label: string; done?: boolean }[] = [
    { href: '/people/new', label: t('worklist.start.people'), done: g.progress.people > 1 },
    { href: '/settings/routing', label: t('worklist.start.routing') },
    { href: '/settings/aftercare', label: t('worklist.start.aftercare'), done: g.progress.caregiverRules > 0 },
    { href: '/settings/contacts', label: t('worklist.start.contacts') },
    { href: '/settings/letters', label: t('worklist.start.letters') },
    { href: '/report', label: t('worklist.start.report'), done: g.progress.incidents > 0 },
  ];
  return (
    <section aria-labelledby="getting-started">
      <Heading level={2} id="getting-started">
        {t('worklist.start.title')}
      </Heading>
      <Paragraph>{t('worklist.start.intro')}</Paragraph>
      <ol class="wb-steps">
        {steps.map((s) => (
          <li>
            <Link href={s.href}>{s.label}</Link>
            {s.done && <> — {t('worklist.start.done')}</>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The start page's work list: everything that waits for this person, by kind of work. */
export function WorkListSections({ view, work, empty }: { view: View; work: WorkList; empty: boolean }) {
  const t = view.t;
  return (
    <>
      <GettingStartedList view={view} work={work} />
      {empty && <Paragraph>{t('worklist.nothing')}</Paragraph>}
      {work.riskyConversations.length > 0 && (
        <TodaysConversations
          view={view}
          conversations={work.riskyConversations}
          id="work-risk"
          title={work.riskyConversations.every((c) => c.host?.id === view.who?.user.id) ? t('risk.my_today') : t('risk.today')}
        />
      )}
      <DeadlineSection view={view} id="work-decisions" title={t('worklist.decisions')} deadlines={work.decisions} />
      {work.toLookAt.length > 0 && (
        <section aria-labelledby="work-look">
          <Heading level={2} id="work-look">
            {t('worklist.to_look_at')}
          </Heading>
          <UnorderedList>
            {work.toLookAt.map((i) => (
              <ListItem>
                <Link href={`/incidents/${i.incidentId}`}>
                  {reference(i.number)} — {t(`level.${i.level}`)}
                </Link>{' '}
                ({formatDateTime(i.since, view.lang)})
              </ListItem>
            ))}
          </UnorderedList>
        </section>
      )}
      <DeadlineSection view={view} id="work-duties" title={t('worklist.duties')} deadlines={work.duties} />
      <DeadlineSection view={view} id="work-aftercare" title={t('worklist.aftercare')} deadlines={work.aftercare} />
      {work.consultations.length > 0 && (
        <section aria-labelledby="work-consult">
          <Heading level={2} id="work-consult">
            {t('worklist.consultations')}
          </Heading>
          <UnorderedList>
            {work.consultations.map((c) => (
              <ListItem>
                <Link href={`/consult/${c.id}`}>{t('worklist.consultation_from', { name: c.askerName })}</Link> (
                {formatDateTime(c.askedAt, view.lang)})
              </ListItem>
            ))}
          </UnorderedList>
        </section>
      )}
      {work.ownReports.length > 0 && (
        <section aria-labelledby="work-own">
          <Heading level={2} id="work-own">
            {t('worklist.own_reports')}
          </Heading>
          <Table
            caption={t('worklist.own_reports')}
            captionHidden
            rows={work.ownReports}
            columns={[
              {
                header: t('tasks.incident'),
                rowHeader: true,
                cell: (r) => <Link href={`/incidents/${r.incidentId}`}>{r.number ? reference(r.number) : t('status.draft')}</Link>,
              },
              { header: t('incidents.status'), cell: (r) => t(`status.${r.status}`) },
              {
                header: t('worklist.since'),
                cell: (r) =>
                  r.stepsSince === 0
                    ? t('worklist.steps_none')
                    : t(r.stepsSince === 1 ? 'worklist.steps_one' : 'worklist.steps', { count: String(r.stepsSince) }),
              },
              { header: t('worklist.last_change'), cell: (r) => formatDateTime(r.lastChangeAt, view.lang) },
            ]}
          />
        </section>
      )}
    </>
  );
}
