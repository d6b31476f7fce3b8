import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import type { Deadline } from '../../../domain/deadline/deadline.js';
import { cancelDeadline, cancelReasonProblem, myTasks, overdueOverview } from '../../../domain/deadline/deadline-queries.js';
import { deadlineRolePolicy } from '../../../domain/deadline/deadline.policy.js';
import { AppError } from '../../../errors.js';
import { Layout, Link, Paragraph, Table } from '../../components/index.js';
import type { View } from '../../components/view.js';
import { safeLocalPath } from '../../context.js';
import { formText } from '../../forms.js';
import { formatDateTime } from '../../i18n/index.js';
import { DeadlineIncident, workPage } from '../deadline-place.js';
import { idParams } from '../../pipeline/api-route.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';

export function dueText(view: View, d: Pick<Deadline, 'notBefore' | 'dueAt'>): string {
  return d.notBefore
    ? view.t('deadline.window', { from: formatDateTime(d.notBefore, view.lang), until: formatDateTime(d.dueAt, view.lang) })
    : formatDateTime(d.dueAt, view.lang);
}

/** How long ago a deadline passed, in hours under a day and in days after: "3 dagen". */
export function lateBy(view: View, dueAt: Date, now = new Date()): string {
  const hours = Math.floor((now.getTime() - dueAt.getTime()) / 3_600_000);
  if (hours < 1) return view.t('deadline.late_minutes');
  if (hours < 24) return view.t(hours === 1 ? 'deadline.late_hour' : 'deadline.late_hours', { count: String(hours) });
  const days = Math.floor(hours / 24);
  return view.t(days === 1 ? 'deadline.late_day' : 'deadline.late_days', { count: String(days) });
}

/** A deadline that passed, as a status people see at a glance, with how late it is ("Te laat: 3 dagen"). */
export function OverdueBadge({ view, dueAt }: { view: View; dueAt: Date }) {
  return <strong class="wb-overdue">{view.t('deadline.overdue_by', { late: lateBy(view, dueAt) })}</strong>;
}

/** A table of deadlines with the incident they belong to. */
export function DeadlineTable({ view, deadlines, caption }: { view: View; deadlines: Deadline[]; caption: string }) {
  const t = view.t;
  return (
    <Table
      caption={caption}
      rows={deadlines}
      columns={[
        { header: t('tasks.kind'), cell: (d) => <Link href={workPage(d)}>{t(`deadline.${d.kind}`)}</Link> },
        {
          header: t('tasks.incident'),
          cell: (d) => <DeadlineIncident d={d} />,
        },
        { header: t('deadline.due'), cell: (d) => dueText(view, d) },
        {
          header: t('tasks.state'),
          cell: (d) =>
            d.state === 'overdue' ? (
              <OverdueBadge view={view} dueAt={d.dueAt} />
            ) : (
              <>
                {t(`deadline.state.${d.state}`)}
                {d.cancelReason ? ` — ${d.cancelReason}` : ''}
              </>
            ),
        },
      ]}
    />
  );
}

function TasksPage({ view, tasks, mayOverview }: { view: View; tasks: Deadline[]; mayOverview: boolean }) {
  const t = view.t;
  const overdue = tasks.filter((d) => d.state === 'overdue');
  const open = tasks.filter((d) => d.state === 'open');
  const closed = tasks.filter((d) => d.state === 'done' || d.state === 'cancelled');
  return (
    <Layout view={view} title={t('tasks.title')}>
      <Paragraph>{t('tasks.intro')}</Paragraph>
      {mayOverview && (
        <Paragraph>
          <Link href="/tasks/overdue">{t('tasks.overview_link')}</Link>
        </Paragraph>
      )}
      {tasks.length === 0 && <Paragraph>{t('tasks.none')}</Paragraph>}
      {overdue.length > 0 && <DeadlineTable view={view} deadlines={overdue} caption={t('tasks.overdue')} />}
      {open.length > 0 && <DeadlineTable view={view} deadlines={open} caption={t('tasks.open')} />}
      {closed.length > 0 && <DeadlineTable view={view} deadlines={closed} caption={t('tasks.done')} />}
    </Layout>
  );
}

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** The cancel form: the reason field is numbered per form on pages that hold several (reason-…). */
const cancelForm = z.preprocess(
  (body) => {
    const fields = (body ?? {}) as Record<string, unknown>;
    const key = Object.keys(fields).find((k) => k === 'reason' || k.startsWith('reason-')) ?? 'reason';
    return { back: first(fields.back), reason: first(fields[key]) };
  },
  z.object({ back: formText(), reason: formText() }),
);

const withQuery = (path: string, key: string, value: string) =>
  `${path}${path.includes('?') ? '&' : '?'}${key}=${encodeURIComponent(value)}`;

export function taskRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/tasks',
    handler: async ({ tx, who, view }) => (
      <TasksPage
        view={view}
        tasks={await myTasks(tx, who)}
        mayOverview={deadlineRolePolicy.abilitiesOf(who).includes('overdue_overview')}
      />
    ),
  });

  pageRoute(app, db, {
    url: '/tasks/overdue',
    handler: async ({ tx, who, view }) => {
      const overdue = await overdueOverview(tx, who);
      return (
        <Layout view={view} title={view.t('tasks.overview_title')}>
          <Paragraph>{view.t('tasks.overview_intro')}</Paragraph>
          {overdue.length === 0 ? (
            <Paragraph>{view.t('tasks.none')}</Paragraph>
          ) : (
            <DeadlineTable view={view} deadlines={overdue} caption={view.t('tasks.overdue')} />
          )}
        </Layout>
      );
    },
  });

  // The cancel form sits on several pages (the plan, the case), so it answers with a way back to
  // the page it came from — with the notice, or with the message of what was refused — rather
  // than with a page of its own.
  formRoute(app, db, {
    url: '/deadlines/:id/cancel',
    params: idParams,
    form: cancelForm,
    command: async ({ tx, who, params, form }) => {
      const back = safeLocalPath(form.back, '/tasks');
      const problem = cancelReasonProblem(form.reason);
      if (problem) return withQuery(back, 'error', problem);
      try {
        await cancelDeadline(tx, who, params.id, form.reason);
      } catch (error) {
        // Already closed: said on the page it came from. Nothing was written.
        if (error instanceof AppError && error.status === 409) return withQuery(back, 'error', error.messageKey);
        throw error;
      }
      return withQuery(back, 'notice', 'deadline.cancelled');
    },
    // The form always parses (every field is free text); no page of its own to show again.
    render: async ({ view }) => (
      <Layout view={view} title={view.t('deadline.cancel')}>
        {null}
      </Layout>
    ),
  });
}
