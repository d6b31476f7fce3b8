import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import type { Deadline } from '../../../domain/deadline/deadline.js';
import { cancelDeadline, cancelReasonProblem, myTasks, overdueOverview } from '../../../domain/deadline/deadline-queries.js';
import { deadlineRolePolicy } from '../../../domain/deadline/deadline.policy.js';
import { incidentReference } from '../../../domain/incident/incident.js';
import { AppError } from '../../../errors.js';
import { Layout } from '../../components/index.js';
import type { View } from '../../components/view.js';
import { safeLocalPath } from '../../context.js';
import { formText } from '../../forms.js';
import { formatDateTime } from '../../i18n/index.js';
import { idParams } from '../../pipeline/api-route.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';

export function dueText(view: View, d: Pick<Deadline, 'notBefore' | 'dueAt'>): string {
  return d.notBefore
    ? view.t('deadline.window', { from: formatDateTime(d.notBefore, view.lang), until: formatDateTime(d.dueAt, view.lang) })
    : formatDateTime(d.dueAt, view.lang);
}

/** Where the work of a deadline is done. */
function workPage(d: Pick<Deadline, 'incidentId' | 'kind'>): string {
  const part = d.kind.startsWith('aftercare_')
    ? 'aftercare'
    : d.kind === 'perpetrator_response' || d.kind === 'ban_end'
      ? 'measures'
      : 'case';
  return `/incidents/${d.incidentId}/${part}`;
}

/** A table of deadlines with the incident they belong to. */
export function DeadlineTable({ view, deadlines, caption }: { view: View; deadlines: Deadline[]; caption: string }) {
  const t = view.t;
  return (
    <div class="utrecht-table-container">
      <table class="utrecht-table">
        <caption class="utrecht-table__caption">{caption}</caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">
              {t('tasks.kind')}
            </th>
            <th class="utrecht-table__header-cell" scope="col">
              {t('tasks.incident')}
            </th>
            <th class="utrecht-table__header-cell" scope="col">
              {t('deadline.due')}
            </th>
            <th class="utrecht-table__header-cell" scope="col">
              {t('tasks.state')}
            </th>
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {deadlines.map((d) => (
            <tr class="utrecht-table__row">
              <td class="utrecht-table__cell">
                <a class="utrecht-link" href={workPage(d)}>
                  {t(`deadline.${d.kind}`)}
                </a>
              </td>
              <td class="utrecht-table__cell">
                <a class="utrecht-link" href={`/incidents/${d.incidentId}`}>
                  {incidentReference({ number: d.incidentNumber })}
                </a>
              </td>
              <td class="utrecht-table__cell">{dueText(view, d)}</td>
              <td class="utrecht-table__cell">
                {t(`deadline.state.${d.state}`)}
                {d.cancelReason ? ` — ${d.cancelReason}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TasksPage({ view, tasks, mayOverview }: { view: View; tasks: Deadline[]; mayOverview: boolean }) {
  const t = view.t;
  const overdue = tasks.filter((d) => d.state === 'overdue');
  const open = tasks.filter((d) => d.state === 'open');
  const closed = tasks.filter((d) => d.state === 'done' || d.state === 'cancelled');
  return (
    <Layout view={view} title={t('tasks.title')}>
      <p class="utrecht-paragraph">{t('tasks.intro')}</p>
      {mayOverview && (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href="/tasks/overdue">
            {t('tasks.overview_link')}
          </a>
        </p>
      )}
      {tasks.length === 0 && <p class="utrecht-paragraph">{t('tasks.none')}</p>}
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
          <p class="utrecht-paragraph">{view.t('tasks.overview_intro')}</p>
          {overdue.length === 0 ? (
            <p class="utrecht-paragraph">{view.t('tasks.none')}</p>
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
