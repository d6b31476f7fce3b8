import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../../db/database.js';
import type { SignedIn } from '../../../domain/auth/session.js';
import type { EvidenceStore } from '../../../domain/evidence/evidence-store.js';
import { incidentReference } from '../../../domain/incident/incident.js';
import {
  carryOutMeasure,
  decideMeasure,
  endMeasure,
  proposeMeasure,
  recordHearing,
  recordFacts,
  rejectMeasure,
} from '../../../domain/measure/handle-measure.js';
import { generateLetter, readLetter } from '../../../domain/measure/letters.js';
import { HEARING_KINDS, letterKindOf, MEASURE_KINDS, type PerpetratorHistory } from '../../../domain/measure/measure.js';
import {
  getIncidentMeasures,
  incidentOfMeasure,
  type IncidentMeasures,
  type MeasureView,
} from '../../../domain/measure/measure-queries.js';
import {
  decideSchema,
  factsSchema,
  hearingSchema,
  letterRequestSchema,
  proposeSchema,
  rejectSchema,
} from '../../../domain/measure/measure.schema.js';
import { AppError, conflict } from '../../../errors.js';
import { parse } from '../../../validation.js';
import {
  Button,
  ButtonRow,
  DataList,
  DataRow,
  Disclosure,
  ErrorSummary,
  Form,
  Heading,
  Input,
  Layout,
  Link,
  ListItem,
  Paragraph,
  RadioGroup,
  Select,
  TextArea,
  UnorderedList,
  type FieldErrors,
} from '../../components/index.js';
import { dayField, formatDay as formatShownDay } from '../../displayed.js';
import { OverdueBadge } from '../aftercare/tasks.js';
import type { View } from '../../components/view.js';
import { formatDateTime } from '../../i18n/index.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';
import { idParams } from '../../pipeline/api-route.js';
import { sendFile } from '../../pipeline/upload.js';

const PROPOSE_FIELDS = ['kind', 'perpetratorId', 'startsOn', 'endsOn', 'details', 'facts', 'advice', 'reasons'] as const;

/** The proposal as the domain reads it; its days may be typed as the pages show them ("1 december 2026"). */
const proposeForm = z.preprocess((body) => {
  const fields = (body ?? {}) as Record<string, unknown>;
  return { ...fields, startsOn: dayField(fields.startsOn), endsOn: dayField(fields.endsOn) };
}, proposeSchema);

/** A calendar date (YYYY-MM-DD) written out: "20 november 2026" / "20 November 2026". */
export const formatDay = formatShownDay;

/** Field names of the forms of one measure carry its id: several measures share the page. */
const own = (name: string, m: { id: string }) => `${name}-${m.id}`;

function MeasureBlock({ view, m, errors, values }: { view: View; m: MeasureView; errors: FieldErrors; values: Record<string, string> }) {
  const t = view.t;
  const when = (d: Date) => formatDateTime(d, view.lang);
  const can = (a: MeasureView['abilities'][number]) => m.abilities.includes(a);
  const mine = Object.keys(errors).some((k) => k.endsWith(m.id));
  return (
    <section class="wb-conversation" aria-labelledby={`measure-${m.id}`}>
      <Heading level={3} id={`measure-${m.id}`}>
        {t(`measure.kind.${m.kind}`)} — {t(`measure.state.${m.state}`)}
      </Heading>
      <DataList>
        <DataRow label={t('measure.against')}>{m.subjectName ?? t('incident.none')}</DataRow>
        {m.startsOn && m.endsOn && (
          <DataRow label={t('measure.period')}>
            {t('measure.period_value', { from: formatDay(m.startsOn, view.lang), until: formatDay(m.endsOn, view.lang) })}
          </DataRow>
        )}
        {m.details && (
          <DataRow label={t('measure.details')}>
            <span class="wb-pre">{m.details}</span>
          </DataRow>
        )}
        {m.facts && (
          <DataRow label={t('measure.facts')}>
            <span class="wb-pre">{m.facts}</span>
          </DataRow>
        )}
        {m.advice && (
          <DataRow label={t('measure.advice')}>
            <span class="wb-pre">{m.advice}</span>
          </DataRow>
        )}
        <DataRow label={t('measure.reasons')}>
          <span class="wb-pre">{m.reasons}</span>
        </DataRow>
        <DataRow label={t('measure.proposed_by')}>{t('measure.by_when', { name: m.proposedBy.name, when: when(m.proposedAt) })}</DataRow>
        <DataRow label={t('measure.hearing')}>
          {m.hearing ? (
            <>
              {t(`measure.hearing.${m.hearing.kind}`)}
              {m.hearing.statement && (
                <>
                  : <span class="wb-pre">{m.hearing.statement}</span>
                </>
              )}
            </>
          ) : (
            t('measure.hearing_missing')
          )}
        </DataRow>
        {m.decidedBy && m.decidedAt && (
          <DataRow label={t(m.state === 'rejected' ? 'measure.rejected_by' : 'measure.decided_by')}>
            {t('measure.by_when', { name: m.decidedBy.name, when: when(m.decidedAt) })}
            {m.decisionNote && (
              <>
                {' '}
                — <span class="wb-pre">{m.decisionNote}</span>
              </>
            )}
          </DataRow>
        )}
        {m.carriedOutAt && <DataRow label={t('measure.carried_out_at')}>{when(m.carriedOutAt)}</DataRow>}
        {m.endedAt && <DataRow label={t('measure.ended_at')}>{when(m.endedAt)}</DataRow>}
      </DataList>

      {letterKindOf(m.kind) && (can('hearing') || can('letter')) && (
        <Disclosure summary={t('measure.facts')} open={(mine && own('facts', m) in errors) || (can('letter') && !m.facts)}>
          <Form view={view} action={`/measures/${m.id}/facts`}>
            <TextArea
              view={view}
              name={own('facts', m)}
              label={t('measure.facts')}
              hint={t('measure.facts_hint')}
              value={values[own('facts', m)] ?? m.facts ?? ''}
              errors={errors}
              rows={4}
            />
            <div class="wb-actions">
              <Button variant="secondary">{t('measure.facts_save')}</Button>
            </div>
          </Form>
        </Disclosure>
      )}
      {can('hearing') && (
        <Disclosure summary={t('measure.hearing_record')} open={mine && (own('hearing', m) in errors || own('statement', m) in errors)}>
          <Form view={view} action={`/measures/${m.id}/hearing`}>
            <RadioGroup
              view={view}
              name={own('hearing', m)}
              legend={t('measure.hearing')}
              value={values[own('hearing', m)] ?? m.hearing?.kind}
              errors={errors}
              options={HEARING_KINDS.map((k) => ({ value: k, label: t(`measure.hearing.${k}`) }))}
            />
            <TextArea
              view={view}
              name={own('statement', m)}
              label={t('measure.hearing_statement')}
              value={values[own('statement', m)] ?? m.hearing?.statement ?? ''}
              errors={errors}
              rows={4}
              required
            />
            <ButtonRow>
              <Button variant="secondary">{t('measure.hearing_record')}</Button>
            </ButtonRow>
          </Form>
        </Disclosure>
      )}
      {m.state === 'proposed' && m.kind === 'ban' && !can('decide') && <Paragraph>{t('measure.ban_mayor_only')}</Paragraph>}
      {can('decide') && (
        <Disclosure summary={t('measure.decide')} open={own('decide', m) in errors}>
          <Form view={view} action={`/measures/${m.id}/decide`}>
            <TextArea
              view={view}
              name={own('decide', m)}
              label={t('measure.decision_note')}
              value={values[own('decide', m)]}
              errors={errors}
              rows={3}
            />
            <ButtonRow>
              <Button variant="primary">{t('measure.decide_submit')}</Button>
            </ButtonRow>
          </Form>
        </Disclosure>
      )}
      {can('reject') && (
        <Disclosure summary={t('measure.reject')} open={own('reject', m) in errors}>
          <Form view={view} action={`/measures/${m.id}/reject`}>
            <TextArea
              view={view}
              name={own('reject', m)}
              label={t('measure.reject_note')}
              value={values[own('reject', m)]}
              errors={errors}
              rows={3}
              required
            />
            <ButtonRow>
              <Button variant="secondary">{t('measure.reject_submit')}</Button>
            </ButtonRow>
          </Form>
        </Disclosure>
      )}
      {(can('carry_out') || can('end')) && (
        <div class="wb-button-row">
          {can('carry_out') && (
            <Form view={view} action={`/measures/${m.id}/carry-out`}>
              <Button variant="secondary">{t('measure.carry_out_submit')}</Button>
            </Form>
          )}
          {can('end') && (
            <Form view={view} action={`/measures/${m.id}/end`}>
              <Button variant="secondary">{t('measure.end_submit')}</Button>
            </Form>
          )}
        </div>
      )}
      {(can('letter') || m.letters.length > 0) && (
        <>
          <Heading level={4}>{t('measure.letters')}</Heading>
          {m.letters.length === 0 ? (
            <Paragraph>{t('measure.letters_none')}</Paragraph>
          ) : (
            <UnorderedList>
              {m.letters.map((l) => (
                <ListItem>
                  <a class="utrecht-link" href={`/letters/${l.id}`} download={l.fileName}>
                    {l.fileName}
                  </a>{' '}
                  ({t('measure.letter_line', { name: l.createdBy.name, when: when(l.createdAt) })})
                </ListItem>
              ))}
            </UnorderedList>
          )}
          {can('letter') && !m.facts && <Paragraph>{t('measure.facts_missing')}</Paragraph>}
          {can('letter') && m.facts && (
            <Form view={view} action={`/measures/${m.id}/letters`}>
              <div class="wb-button-row">
                <Button variant="secondary" name="format" value="docx">
                  {t('measure.letter_docx')}
                </Button>
                <Button variant="secondary" name="format" value="pdf">
                  {t('measure.letter_pdf')}
                </Button>
              </div>
            </Form>
          )}
        </>
      )}
    </section>
  );
}

function History({ view, history }: { view: View; history: PerpetratorHistory }) {
  const t = view.t;
  const count = history.incidents.length;
  return (
    <section aria-labelledby={`history-${history.id}`}>
      <Heading level={3} id={`history-${history.id}`}>
        {t('measures.history', { name: history.name })}
      </Heading>
      <Paragraph>
        <strong>{count > 1 ? t('measures.history_repeated', { count: String(count) }) : t('measures.history_first')}</strong>
      </Paragraph>
      <Heading level={4}>{t('measures.history_incidents')}</Heading>
      <UnorderedList>
        {history.incidents.map((i) => (
          <ListItem>
            {incidentReference(i)} — {formatDateTime(i.occurredAt, view.lang)} — {t(`level.${i.level}`)} ({t(`status.${i.status}`)})
          </ListItem>
        ))}
      </UnorderedList>
      <Heading level={4}>{t('measures.history_measures')}</Heading>
      {history.measures.length === 0 ? (
        <Paragraph>{t('measures.history_none')}</Paragraph>
      ) : (
        <UnorderedList>
          {history.measures.map((m) => (
            <ListItem>
              {t('measures.history_measure_line', {
                kind: t(`measure.kind.${m.kind}`),
                state: t(`measure.state.${m.state}`),
                reference: incidentReference({ number: m.incidentNumber }),
              })}
              {' — '}
              {formatDateTime(m.decidedAt ?? m.proposedAt, view.lang)}
            </ListItem>
          ))}
        </UnorderedList>
      )}
    </section>
  );
}

function ProposeForm({
  view,
  data,
  errors,
  values,
}: {
  view: View;
  data: IncidentMeasures;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const t = view.t;
  const { incident } = data;
  return (
    <section aria-labelledby="propose-heading">
      <Heading level={2} id="propose-heading">
        {t('measures.propose')}
      </Heading>
      {/* What to weigh stands right before the choice: the norm level and the perpetrator's record. */}
      <Heading level={3}>{t('measures.weigh')}</Heading>
      <DataList>
        <DataRow label={t('measures.level')}>
          <strong>{t(`level.${incident.level}`)}</strong>
        </DataRow>
        <DataRow label={t('measures.reported_perpetrator')}>
          {incident.perpetrator
            ? [t(`perpetrator.${incident.perpetrator.kind}`), incident.perpetrator.name].filter(Boolean).join(' — ')
            : t('incident.none')}
        </DataRow>
      </DataList>
      {data.history === undefined ? (
        <Paragraph>{t('measures.history_hidden')}</Paragraph>
      ) : data.history.length === 0 ? (
        <Paragraph>{t('measures.no_perpetrator_linked')}</Paragraph>
      ) : (
        data.history.map((h) => <History view={view} history={h} />)
      )}
      <Form view={view} action={`/incidents/${incident.id}/measures`}>
        <RadioGroup
          view={view}
          name="kind"
          legend={t('measure.kind')}
          value={values.kind}
          errors={errors}
          options={MEASURE_KINDS.map((k) => ({ value: k, label: t(`measure.kind.${k}`), hint: t(`measure.kind.${k}.hint`) }))}
        />
        {data.perpetrators.length > 0 && (
          <Select
            view={view}
            name="perpetratorId"
            label={t('measure.perpetrator')}
            value={values.perpetratorId}
            errors={errors}
            options={data.perpetrators.map((p) => ({ value: p.id, label: p.name }))}
          />
        )}
        <div class="wb-field-row">
          <Input
            view={view}
            name="startsOn"
            type="date"
            label={t('measure.starts_on')}
            hint={t('measure.dates_hint')}
            value={values.startsOn}
            errors={errors}
          />
          <Input view={view} name="endsOn" type="date" label={t('measure.ends_on')} value={values.endsOn} errors={errors} />
        </div>
        <TextArea
          view={view}
          name="details"
          label={t('measure.details')}
          hint={t('measure.details_hint')}
          value={values.details}
          errors={errors}
          rows={4}
        />
        <TextArea
          view={view}
          name="facts"
          label={t('measure.facts')}
          hint={t('measure.facts_hint')}
          value={values.facts}
          errors={errors}
          rows={4}
        />
        <TextArea
          view={view}
          name="advice"
          label={t('measure.advice')}
          hint={t('measure.advice_hint')}
          value={values.advice}
          errors={errors}
          rows={3}
        />
        <TextArea
          view={view}
          name="reasons"
          label={t('measure.reasons')}
          hint={t('measure.reasons_hint')}
          value={values.reasons}
          errors={errors}
          rows={4}
          required
        />
        <ButtonRow>
          <Button variant="primary">{t('measures.propose_submit')}</Button>
        </ButtonRow>
      </Form>
    </section>
  );
}

function MeasuresPage({
  view,
  data,
  errors,
  values,
}: {
  view: View;
  data: IncidentMeasures;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const t = view.t;
  const reference = incidentReference(data.incident);
  const response = data.deadlines.find((d) => d.kind === 'perpetrator_response');
  return (
    <Layout view={view} title={t('measures.title', { reference })}>
      <Paragraph>
        <Link href={`/incidents/${data.incident.id}`}>{t('measures.back', { reference })}</Link>
      </Paragraph>
      <Paragraph>{t('measures.intro')}</Paragraph>
      <ErrorSummary view={view} errors={errors} order={PROPOSE_FIELDS} />
      <DataList>
        <DataRow label={t('measures.response')}>
          {response ? (
            response.state === 'overdue' ? (
              <>
                {t('measures.response_due', { when: formatDateTime(response.dueAt, view.lang) })}{' '}
                <OverdueBadge view={view} dueAt={response.dueAt} />
              </>
            ) : (
              t('measures.response_value', {
                when: formatDateTime(response.dueAt, view.lang),
                state: t(`deadline.state.${response.state}`),
              })
            )
          ) : (
            t('measures.response_none')
          )}
        </DataRow>
      </DataList>
      <Heading level={2}>{t('measures.list')}</Heading>
      {data.measures.length === 0 && <Paragraph>{t('measures.none')}</Paragraph>}
      {data.measures.map((m) => (
        <MeasureBlock view={view} m={m} errors={errors} values={values} />
      ))}
      {data.mayPropose && <ProposeForm view={view} data={data} errors={errors} values={values} />}
    </Layout>
  );
}

const pagePath = (incidentId: string) => `/incidents/${incidentId}/measures`;

/**
 * The page, also answering a form: the messages at their fields (renamed as on the page), one
 * that names no field above the page, the typed values shown again, the frame of the page itself.
 */
async function page(
  tx: Tx,
  who: SignedIn,
  base: View,
  incidentId: string,
  options: { errors?: FieldErrors; values?: Record<string, string>; saved?: boolean; rename?: (field: string) => string } = {},
) {
  const rename = options.rename ?? ((f: string) => f);
  const errors: FieldErrors = {};
  let problem = base.problem;
  for (const [key, message] of Object.entries(options.errors ?? {})) {
    const name = key === '_' ? '' : rename(key);
    if (name === '') problem = base.t(message);
    else errors[name] = message;
  }
  const view: View = { ...base, path: pagePath(incidentId), notice: options.saved ? base.t('measures.saved') : base.notice, problem };
  return <MeasuresPage view={view} data={await getIncidentMeasures(tx, who, incidentId)} errors={errors} values={options.values ?? {}} />;
}

const anyFields = z.object({}).loose();
const text = (form: Record<string, unknown>, name: string) => (typeof form[name] === 'string' ? form[name] : '');

export function measurePageRoutes(app: FastifyInstance, db: Db, store: EvidenceStore) {
  pageRoute(app, db, {
    url: '/incidents/:id/measures',
    params: idParams,
    query: z.object({ saved: z.string().optional() }),
    handler: async ({ tx, who, view, params, query }) => page(tx, who, view, params.id, { saved: query.saved === '1' }),
  });

  formRoute(app, db, {
    url: '/incidents/:id/measures',
    params: idParams,
    form: proposeForm,
    command: async ({ tx, who, params, form }) => {
      await proposeMeasure(tx, who, params.id, form);
      return `${pagePath(params.id)}?saved=1`;
    },
    render: async ({ tx, who, view, params, errors, values }) => page(tx, who, view, params.id, { errors, values }),
  });

  /**
   * A step on one measure. Its fields carry the measure's id (several measures share the
   * page); `rename` says at which field of the page a message of the use case belongs ('' above the page).
   */
  const step = (
    path: string,
    run: (tx: Tx, who: SignedIn, id: string, form: Record<string, unknown>) => Promise<unknown>,
    rename: (id: string) => (field: string) => string,
  ) =>
    formRoute(app, db, {
      url: `/measures/:id/${path}`,
      params: idParams,
      form: anyFields,
      command: async ({ tx, who, params, form }) => {
        const incidentId = await incidentOfMeasure(tx, who, params.id);
        await run(tx, who, params.id, form);
        return `${pagePath(incidentId)}?saved=1`;
      },
      render: async ({ tx, who, view, params, errors, values }) =>
        page(tx, who, view, await incidentOfMeasure(tx, who, params.id), { errors, values, rename: rename(params.id) }),
    });

  step(
    'hearing',
    (tx, who, id, form) =>
      recordHearing(tx, who, id, parse(hearingSchema, { hearing: form[`hearing-${id}`], statement: text(form, `statement-${id}`) })),
    (id) => (f) => (f === 'hearing' ? `hearing-${id}` : `statement-${id}`),
  );
  step(
    'facts',
    (tx, who, id, form) => recordFacts(tx, who, id, parse(factsSchema, { facts: text(form, `facts-${id}`) })),
    (id) => () => `facts-${id}`,
  );
  step(
    'decide',
    (tx, who, id, form) => decideMeasure(tx, who, id, parse(decideSchema, { note: text(form, `decide-${id}`) })),
    (id) => (f) => (f === 'hearing' ? `hearing-${id}` : `decide-${id}`),
  );
  step(
    'reject',
    (tx, who, id, form) => rejectMeasure(tx, who, id, parse(rejectSchema, { note: text(form, `reject-${id}`) })),
    (id) => () => `reject-${id}`,
  );
  step(
    'carry-out',
    (tx, who, id) => carryOutMeasure(tx, who, id),
    () => (f) => f,
  );
  step(
    'end',
    (tx, who, id) => endMeasure(tx, who, id),
    () => (f) => f,
  );
  // A letter is a button, not a field: any mistake is shown above the page.
  step(
    'letters',
    (tx, who, id, form) =>
      generateLetter(tx, store, who, id, parse(letterRequestSchema, { format: form.format })).catch((error: unknown) => {
        // The API answers 422; the page shows the form again with the message at the facts field.
        if (error instanceof AppError && error.id === 'letter_needs_facts') throw conflict(error.id, error.messageKey, 'facts');
        throw error;
      }),
    (id) => (f) => (f === 'facts' ? `facts-${id}` : ''),
  );

  pageRoute(app, db, {
    url: '/letters/:id',
    params: idParams,
    handler: async ({ tx, who, params, reply }) => {
      const { letter, mediaType, bytes } = await readLetter(tx, store, who, params.id);
      return sendFile(reply, { fileName: letter.fileName, mediaType, sha256: letter.sha256 }, bytes);
    },
  });
}
