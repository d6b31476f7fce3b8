import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { answerConsultation, askConsultation, getConsultation, listConsultations, type Consultation } from '../../domain/consultation/consultation.js';
import { incidentReference } from '../../domain/incident/incident.js';
import { AppError } from '../../errors.js';
import { markInboxReadFor } from '../../domain/notification/inbox.js';
import { TextArea } from '../components/fields.js';
import { CheckboxGroup, ErrorSummary, Form, type FieldErrors } from '../components/form.js';
import { Layout } from '../components/layout.js';
import type { View } from '../components/view.js';
import { field, fieldList, redirect, requireSignedIn } from '../context.js';
import { formatDateTime } from '../i18n/index.js';
import { sendPage, viewOf } from '../render.js';

function ListPage({ view, items }: { view: View; items: Omit<Consultation, 'messages'>[] }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('consult.title')}>
      <p class="utrecht-paragraph">{t('consult.intro')}</p>
      <p class="utrecht-paragraph"><a class="utrecht-link" href="/consult/new">{t('consult.new')}</a></p>
      <h2 class="utrecht-heading-2">{t('consult.list')}</h2>
      {items.length === 0 ? <p class="utrecht-paragraph">{t('consult.none')}</p> : (
        <ul class="utrecht-unordered-list">
          {items.map((c) => (
            <li class="utrecht-unordered-list__item">
              <a class="utrecht-link" href={`/consult/${c.id}`}>{c.question.length > 80 ? `${c.question.slice(0, 80)}…` : c.question}</a>
              {' '}— {c.asker.name}, {formatDateTime(c.createdAt, view.lang)} ({t(`consult.status.${c.status}`)})
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

function NewPage({ view, values, errors }: { view: View; values: { question: string; ask: string[] }; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('consult.new')}>
      <p class="utrecht-paragraph">{t('consult.intro')}</p>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action="/consult/new">
        <TextArea view={view} name="question" label={t('consult.question')} value={values.question} errors={errors} required />
        <CheckboxGroup view={view} name="ask" legend={t('consult.ask')} checked={values.ask} errors={errors}
          options={[{ value: 'mayor', label: t('consult.ask_mayor') }, { value: 'clerk', label: t('consult.ask_clerk') }]} />
        <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--primary-action">{t('consult.submit')}</button></div>
      </Form>
    </Layout>
  );
}

function DetailPage({ view, consultation, errors }: { view: View; consultation: Consultation; errors: FieldErrors }) {
  const t = view.t;
  const mine = consultation.asker.id === view.who?.user.id;
  const open = consultation.status === 'open' || consultation.status === 'answered';
  return (
    <Layout view={view} title={t('consult.detail', { name: consultation.asker.name })}>
      <p class="utrecht-paragraph">{t('incidents.status')}: {t(`consult.status.${consultation.status}`)}</p>
      <blockquote class="wb-quote"><p class="utrecht-paragraph wb-pre">{consultation.question}</p></blockquote>
      <ol class="wb-timeline">
        {consultation.messages.map((m) => (
          <li>
            <strong>{m.author.name}</strong>, <time dateTime={m.createdAt.toISOString()}>{formatDateTime(m.createdAt, view.lang)}</time>
            <p class="utrecht-paragraph wb-pre">{m.body}</p>
          </li>
        ))}
      </ol>
      {consultation.incidentId && (
        <p class="utrecht-paragraph">
          {t('consult.converted')} <a class="utrecht-link" href={`/incidents/${consultation.incidentId}`}>{t('nav.incidents')}</a>
        </p>
      )}
      {open && (
        <>
          <ErrorSummary view={view} errors={errors} />
          <Form view={view} action={`/consult/${consultation.id}`}>
            <TextArea view={view} name="body" label={t('consult.answer')} errors={errors} rows={3} required />
            <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('consult.answer_submit')}</button></div>
          </Form>
          {mine && (
            <p class="utrecht-paragraph">
              <a class="utrecht-link" href={`/report?consultation=${consultation.id}`}>{t('consult.to_report')}</a>
            </p>
          )}
        </>
      )}
    </Layout>
  );
}

export function consultRoutes(app: FastifyInstance, db: Db) {
  app.get('/consult', async (request, reply) => {
    const who = requireSignedIn(request);
    return sendPage(reply, <ListPage view={viewOf(request)} items={await listConsultations(db, who)} />);
  });

  app.get('/consult/new', async (request, reply) => {
    requireSignedIn(request);
    return sendPage(reply, <NewPage view={viewOf(request)} values={{ question: '', ask: ['mayor', 'clerk'] }} errors={{}} />);
  });

  app.post('/consult/new', async (request, reply) => {
    const who = requireSignedIn(request);
    const values = { question: field(request.body, 'question'), ask: fieldList(request.body, 'ask') };
    try {
      const id = await askConsultation(db, who, values);
      return redirect(reply, `/consult/${id}?notice=consult.asked`);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      const errors = Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k.split('.')[0]!, v]));
      return sendPage(reply, <NewPage view={viewOf(request)} values={values} errors={errors} />, 400);
    }
  });

  app.get('/consult/:id', async (request, reply) => {
    const who = requireSignedIn(request);
    const consultation = await getConsultation(db, who, (request.params as { id: string }).id);
    await markInboxReadFor(db, who, { consultationId: consultation.id });
    return sendPage(reply, <DetailPage view={viewOf(request)} consultation={consultation} errors={{}} />);
  });

  app.post('/consult/:id', async (request, reply) => {
    const who = requireSignedIn(request);
    const id = (request.params as { id: string }).id;
    try {
      await answerConsultation(db, who, id, { body: field(request.body, 'body') });
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error;
      const consultation = await getConsultation(db, who, id);
      return sendPage(reply, <DetailPage view={viewOf(request)} consultation={consultation} errors={Object.keys(error.fields).length ? error.fields : { body: error.messageKey }} />, error.status);
    }
    return redirect(reply, `/consult/${id}?notice=consult.answered`);
  });
}

