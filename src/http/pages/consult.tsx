import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { answerConsultation, askConsultation, getConsultation, listConsultations } from '../../domain/consultation/consult.js';
import { answerSchema, askSchema, CONSULTED_ROLES, type Consultation } from '../../domain/consultation/consultation.js';
import { consultationPolicy } from '../../domain/consultation/consultation.policy.js';
import { markInboxReadFor } from '../../domain/notification/inbox.js';
import {
  Button,
  ButtonRow,
  CheckboxGroup,
  ErrorSummary,
  Form,
  Heading,
  Layout,
  Link,
  ListItem,
  Paragraph,
  TextArea,
  UnorderedList,
  type FieldErrors,
} from '../components/index.js';
import type { View } from '../components/view.js';
import { formCheckboxes, formText } from '../forms.js';
import { formatDateTime } from '../i18n/index.js';
import { idParams } from '../pipeline/api-route.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';

function ListPage({ view, items }: { view: View; items: Omit<Consultation, 'messages'>[] }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('consult.title')}>
      <Paragraph>{t('consult.intro')}</Paragraph>
      <Paragraph>
        <Link href="/consult/new">{t('consult.new')}</Link>
      </Paragraph>
      <Heading level={2}>{t('consult.list')}</Heading>
      {items.length === 0 ? (
        <Paragraph>{t('consult.none')}</Paragraph>
      ) : (
        <UnorderedList>
          {items.map((c) => (
            <ListItem>
              <Link href={`/consult/${c.id}`}>{c.question.length > 80 ? `${c.question.slice(0, 80)}…` : c.question}</Link> — {c.asker.name},{' '}
              {formatDateTime(c.createdAt, view.lang)} ({t(`consult.status.${c.status}`)})
            </ListItem>
          ))}
        </UnorderedList>
      )}
    </Layout>
  );
}

function NewPage({ view, values, errors }: { view: View; values: { question: string; ask: string[] }; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('consult.new')}>
      <Paragraph>{t('consult.intro')}</Paragraph>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action="/consult/new">
        <TextArea view={view} name="question" label={t('consult.question')} value={values.question} errors={errors} required />
        <CheckboxGroup
          view={view}
          name="ask"
          legend={t('consult.ask')}
          checked={values.ask}
          errors={errors}
          options={[
            { value: 'mayor', label: t('consult.ask_mayor') },
            { value: 'clerk', label: t('consult.ask_clerk') },
          ]}
        />
        <ButtonRow>
          <Button variant="primary">{t('consult.submit')}</Button>
        </ButtonRow>
      </Form>
    </Layout>
  );
}

function DetailPage({ view, consultation, errors }: { view: View; consultation: Consultation; errors: FieldErrors }) {
  const t = view.t;
  // The buttons follow the policy: it decides from the same facts as the commands.
  const abilities = view.who
    ? consultationPolicy.abilitiesOf(view.who, {
        id: consultation.id,
        status: consultation.status,
        askerId: consultation.asker.id,
        participant: true,
      })
    : [];
  return (
    <Layout view={view} title={t('consult.detail', { name: consultation.asker.name })}>
      <Paragraph>
        {t('incidents.status')}: {t(`consult.status.${consultation.status}`)}
      </Paragraph>
      <blockquote class="wb-quote">
        <Paragraph keepLineBreaks>{consultation.question}</Paragraph>
      </blockquote>
      <ol class="wb-timeline">
        {consultation.messages.map((m) => (
          <li>
            <strong>{m.author.name}</strong>, <time dateTime={m.createdAt.toISOString()}>{formatDateTime(m.createdAt, view.lang)}</time>
            <Paragraph keepLineBreaks>{m.body}</Paragraph>
          </li>
        ))}
      </ol>
      {consultation.incidentId && (
        <Paragraph>
          {t('consult.converted')} <Link href={`/incidents/${consultation.incidentId}`}>{t('nav.incidents')}</Link>
        </Paragraph>
      )}
      {abilities.includes('answer') && (
        <>
          <ErrorSummary view={view} errors={errors} />
          <Form view={view} action={`/consult/${consultation.id}`}>
            <TextArea view={view} name="body" label={t('consult.answer')} errors={errors} rows={3} required />
            <ButtonRow>
              <Button variant="secondary">{t('consult.answer_submit')}</Button>
            </ButtonRow>
          </Form>
          {abilities.includes('report') && (
            <Paragraph>
              <Link href={`/report?consultation=${consultation.id}`}>{t('consult.to_report')}</Link>
            </Paragraph>
          )}
        </>
      )}
    </Layout>
  );
}

// The form's fields, checked by the domain's own rules (askSchema, answerSchema).
const askForm = z.object({
  question: formText().pipe(askSchema.shape.question),
  ask: formCheckboxes(CONSULTED_ROLES, 'error.consult_role').pipe(askSchema.shape.ask),
});
/** What was typed, for the form shown again. */
const askTyped = z.object({ question: formText(Infinity), ask: formCheckboxes(CONSULTED_ROLES) });
const answerForm = z.object({ body: formText().pipe(answerSchema.shape.body) });

export function consultRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/consult',
    handler: async ({ tx, who, view }) => <ListPage view={view} items={await listConsultations(tx, who)} />,
  });

  pageRoute(app, db, {
    url: '/consult/new',
    handler: async ({ view }) => <NewPage view={view} values={{ question: '', ask: ['mayor', 'clerk'] }} errors={{}} />,
  });

  formRoute(app, db, {
    url: '/consult/new',
    form: askForm,
    generalField: 'ask',
    command: async ({ tx, who, form }) => `/consult/${await askConsultation(tx, who, form)}?notice=consult.asked`,
    render: async ({ view, errors, request }) => {
      const typed = askTyped.safeParse(request.body ?? {});
      const values = typed.success ? typed.data : { question: '', ask: [] };
      return <NewPage view={view} values={values} errors={errors} />;
    },
  });

  pageRoute(app, db, {
    url: '/consult/:id',
    params: idParams,
    handler: async ({ tx, who, params, view }) => {
      const consultation = await getConsultation(tx, who, params.id);
      await markInboxReadFor(tx, who, { consultationId: consultation.id });
      return <DetailPage view={view} consultation={consultation} errors={{}} />;
    },
  });

  formRoute(app, db, {
    url: '/consult/:id',
    params: idParams,
    form: answerForm,
    generalField: 'body',
    command: async ({ tx, who, params, form }) => {
      await answerConsultation(tx, who, params.id, form);
      return `/consult/${params.id}?notice=consult.answered`;
    },
    render: async ({ tx, who, params, view, errors }) => (
      <DetailPage view={view} consultation={await getConsultation(tx, who, params.id)} errors={errors} />
    ),
  });
}
