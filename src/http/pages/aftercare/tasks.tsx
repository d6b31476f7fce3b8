import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/database.js';
import type { Deadline } from '../../../domain/deadline/deadline.js';
import { cancelDeadline, myTasks, overdueOverview } from '../../../domain/deadline/deadline-queries.js';
import { incidentReference } from '../../../domain/incident/incident.js';
import { AppError } from '../../../errors.js';
import { Layout } from '../../components/layout.js';
import type { View } from '../../components/view.js';
import { field, redirect, requireSignedIn, safeLocalPath } from '../../context.js';
import { formatDateTime } from '../../i18n/index.js';
import { sendPage, viewOf } from '../../render.js';

export function dueText(view: View, d: Pick<Deadline, 'notBefore' | 'dueAt'>): string {
  return d.notBefore
    ? view.t('deadline.window', { from: formatDateTime(d.notBefore, view.lang), until: formatDateTime(d.dueAt, view.lang) })
    : formatDateTime(d.dueAt, view.lang);
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
            <th class="utrecht-table__header-cell" scope="col">{t('tasks.kind')}</th>
            <th class="utrecht-table__header-cell" scope="col">{t('tasks.incident')}</th>
            <th class="utrecht-table__header-cell" scope="col">{t('deadline.due')}</th>
            <th class="utrecht-table__header-cell" scope="col">{t('tasks.state')}</th>
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {deadlines.map((d) => (
            <tr class="utrecht-table__row">
              <td class="utrecht-table__cell">
                <a class="utrecht-link" href={`/incidents/${d.incidentId}/${d.kind.startsWith('aftercare_') ? 'aftercare' : d.kind === 'perpetrator_response' || d.kind === 'ban_end' ? 'measures' : 'case'}`}>
                  {t(`deadline.${d.kind}`)}
                </a>
              </td>
              <td class="utrecht-table__cell"><a class="utrecht-link" href={`/incidents/${d.incidentId}`}>{incidentReference({ number: d.incidentNumber })}</a></td>
              <td class="utrecht-table__cell">{dueText(view, d)}</td>
              <td class="utrecht-table__cell">{t(`deadline.state.${d.state}`)}{d.cancelReason ? ` — ${d.cancelReason}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TasksPage({ view, tasks }: { view: View; tasks: Deadline[] }) {
  const t = view.t;
  const overdue = tasks.filter((d) => d.state === 'overdue');
  const open = tasks.filter((d) => d.state === 'open');
  const closed = tasks.filter((d) => d.state === 'done' || d.state === 'cancelled');
  return (
    <Layout view={view} title={t('tasks.title')}>
      <p class="utrecht-paragraph">{t('tasks.intro')}</p>
      {view.who?.user.roles.includes('security_adviser') && (
        <p class="utrecht-paragraph"><a class="utrecht-link" href="/tasks/overdue">{t('tasks.overview_link')}</a></p>
      )}
      {tasks.length === 0 && <p class="utrecht-paragraph">{t('tasks.none')}</p>}
      {overdue.length > 0 && <DeadlineTable view={view} deadlines={overdue} caption={t('tasks.overdue')} />}
      {open.length > 0 && <DeadlineTable view={view} deadlines={open} caption={t('tasks.open')} />}
      {closed.length > 0 && <DeadlineTable view={view} deadlines={closed} caption={t('tasks.done')} />}
    </Layout>
  );
}

export function taskRoutes(app: FastifyInstance, db: Db) {
  app.get('/tasks', async (request, reply) => {
    const who = requireSignedIn(request);
    return sendPage(reply, <TasksPage view={viewOf(request)} tasks={await myTasks(db, who)} />);
  });

  app.get('/tasks/overdue', async (request, reply) => {
    const who = requireSignedIn(request);
    const overdue = await overdueOverview(db, who);
    const view = viewOf(request);
    return sendPage(reply, (
      <Layout view={view} title={view.t('tasks.overview_title')}>
        <p class="utrecht-paragraph">{view.t('tasks.overview_intro')}</p>
        {overdue.length === 0 ? <p class="utrecht-paragraph">{view.t('tasks.none')}</p> : <DeadlineTable view={view} deadlines={overdue} caption={view.t('tasks.overdue')} />}
      </Layout>
    ));
  });

  app.post('/deadlines/:id/cancel', async (request, reply) => {
    const who = requireSignedIn(request);
    const back = safeLocalPath(field(request.body, 'back'), '/tasks');
    try {
      // The reason field is numbered per form on pages that hold several.
      const reasonKey = Object.keys((request.body as object) ?? {}).find((k) => k === 'reason' || k.startsWith('reason-')) ?? 'reason';
      await cancelDeadline(db, who, (request.params as { id: string }).id, field(request.body, reasonKey));
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error;
      return redirect(reply, `${back}${back.includes('?') ? '&' : '?'}error=${encodeURIComponent(error.messageKey)}`);
    }
    return redirect(reply, `${back}${back.includes('?') ? '&' : '?'}notice=deadline.cancelled`);
  });
}
