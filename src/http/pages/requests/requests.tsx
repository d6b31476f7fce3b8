import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import type { EvidenceStore } from '../../../domain/evidence/evidence-store.js';
import { incidentReference } from '../../../domain/incident/incident.js';
import { removeErasedFiles } from '../../../domain/request/erase.js';
import {
  compileAccessExport,
  decideRequest,
  getRequest,
  listRequests,
  recordRequest,
  releaseAccessExport,
  requestSubjects,
  type RequestRead,
} from '../../../domain/request/handle-request.js';
import { DECISIONS, REQUEST_KINDS, type DataRequest } from '../../../domain/request/request.js';
import { canRequest } from '../../../domain/request/request.policy.js';
import { amsterdamDay, amsterdamToday } from '../../../time/amsterdam.js';
import {
  Alert,
  Button,
  ButtonRow,
  Checkbox,
  CheckboxGroup,
  DataList,
  DataRow,
  ErrorSummary,
  Form,
  Heading,
  Layout,
  Link,
  ListItem,
  Paragraph,
  RadioGroup,
  Select,
  Table,
  TextArea,
  TextField,
  UnorderedList,
  type FieldErrors,
} from '../../components/index.js';
import type { View } from '../../components/view.js';
import { formatDay } from '../../displayed.js';
import { formCheckbox, formChoice, formDate, formOptional, formRequired } from '../../forms.js';
import { formatDateTime } from '../../i18n/index.js';
import { idParams } from '../../pipeline/api-route.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';

type Subjects = Awaited<ReturnType<typeof requestSubjects>>;

/** Where a request stands, in one word: open, draft ready for review, granted or refused. */
function stateOf(view: View, r: Pick<DataRequest, 'decision' | 'exportState'>): string {
  if (r.decision) return view.t(`requests.state.${r.decision}`);
  return view.t(r.exportState === 'draft' ? 'requests.state.draft' : 'requests.state.open');
}

function ListPage({
  view,
  items,
  subjects,
  values,
  errors,
}: {
  view: View;
  items: DataRequest[];
  subjects: Subjects | undefined;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const t = view.t;
  return (
    <Layout view={view} title={t('requests.title')}>
      <Paragraph>{t('requests.intro')}</Paragraph>
      <Table
        caption={t('requests.title')}
        captionHidden
        empty={t('requests.none')}
        rows={items}
        columns={[
          { header: t('requests.col.received'), cell: (r) => formatDay(r.receivedOn, view.lang) },
          { header: t('requests.col.subject'), rowHeader: true, cell: (r) => <Link href={`/requests/${r.id}`}>{r.subjectLabel}</Link> },
          { header: t('requests.col.kind'), cell: (r) => t(`requests.kind.${r.kind}`) },
          { header: t('requests.col.due'), cell: (r) => (r.dueAt ? formatDay(amsterdamDay(r.dueAt).date, view.lang) : '—') },
          { header: t('requests.col.state'), cell: (r) => stateOf(view, r) },
        ]}
      />
      {subjects && (
        <>
          <Heading level={2}>{t('requests.new')}</Heading>
          <ErrorSummary view={view} errors={errors} />
          <Form view={view} action="/requests">
            <RadioGroup
              view={view}
              name="kind"
              legend={t('requests.field.kind')}
              options={REQUEST_KINDS.map((k) => ({ value: k, label: t(`requests.kind.${k}`) }))}
              value={values.kind}
              errors={errors}
            />
            <Select
              view={view}
              name="subjectUserId"
              label={t('requests.field.subject_user')}
              value={values.subjectUserId ?? ''}
              errors={errors}
              options={[
                { value: '', label: t('requests.field.subject_none') },
                ...subjects.people.map((p) => ({ value: p.id, label: p.name })),
              ]}
            />
            {subjects.perpetrators.length > 0 && (
              <Select
                view={view}
                name="subjectPerpetratorId"
                label={t('requests.field.subject_perpetrator')}
                value={values.subjectPerpetratorId ?? ''}
                errors={errors}
                options={[
                  { value: '', label: t('requests.field.subject_none') },
                  ...subjects.perpetrators.map((p) => ({ value: p.id, label: p.name })),
                ]}
              />
            )}
            <TextField
              view={view}
              name="receivedOn"
              label={t('requests.field.received_on')}
              hint={t('requests.field.received_on_hint')}
              value={values.receivedOn ?? formatDay(amsterdamToday(), view.lang)}
              errors={errors}
              required
            />
            <TextArea
              view={view}
              name="description"
              label={t('requests.field.description')}
              value={values.description ?? ''}
              errors={errors}
              rows={3}
            />
            <ButtonRow>
              <Button variant="primary">{t('requests.create')}</Button>
            </ButtonRow>
          </Form>
        </>
      )}
    </Layout>
  );
}

function Review({ view, read }: { view: View; read: RequestRead }) {
  const t = view.t;
  const { request, export: found } = read;
  const who = view.who!;
  const mayCompile = canRequest(who.user.roles, 'request.compile') && !request.decision && found?.state !== 'released';
  const mayRelease =
    canRequest(who.user.roles, 'request.release') && found?.state === 'draft' && found.compiledBy.id !== who.user.id && !request.decision;
  return (
    <>
      <Heading level={2}>{t('requests.export_title')}</Heading>
      <Paragraph>{t('requests.compile_hint')}</Paragraph>
      {!found ? (
        <Paragraph>{t('requests.export_none')}</Paragraph>
      ) : (
        <>
          <Heading level={3}>{t('requests.review_title')}</Heading>
          <Paragraph>
            {found.state === 'draft'
              ? t('requests.review_state.draft', { name: found.compiledBy.name, date: formatDateTime(found.compiledAt, view.lang) })
              : t('requests.review_state.released', {
                  name: found.reviewedBy?.name ?? '',
                  date: formatDateTime(found.reviewedAt!, view.lang),
                })}
          </Paragraph>
          {found.reviewNote && <Paragraph>{found.reviewNote}</Paragraph>}
          <Heading level={4}>{t('requests.review_sections')}</Heading>
          <UnorderedList>
            {found.content.sections.map((s) => (
              <ListItem>
                {t(`requests.section.${s.key}`)}: {t('requests.review_items', { count: String(s.items.length) })}
              </ListItem>
            ))}
          </UnorderedList>
          <Heading level={4}>{t('requests.review_omitted')}</Heading>
          <Table
            caption={t('requests.review_omitted')}
            captionHidden
            empty={t('requests.review_nothing_omitted')}
            rows={found.omissions}
            columns={[
              { header: t('requests.col.kind'), rowHeader: true, cell: (o) => t(`requests.omission.${o.kind}`) },
              { header: t('requests.item.count'), numeric: true, cell: (o) => String(o.count) },
              { header: t('requests.col.ground'), cell: (o) => t(`requests.ground.${o.ground}`) },
            ]}
          />
          {canRequest(who.user.roles, 'request.export') && (
            <UnorderedList>
              <ListItem>
                <Link href={`/api/v1/requests/${request.id}/export.pdf`}>{t('requests.download_pdf')}</Link>
              </ListItem>
              <ListItem>
                <Link href={`/api/v1/requests/${request.id}/export.json`}>{t('requests.download_json')}</Link>
              </ListItem>
            </UnorderedList>
          )}
        </>
      )}
      {mayCompile && (
        <Form view={view} action={`/requests/${request.id}/compile`}>
          <ButtonRow>
            <Button variant={found ? 'secondary' : 'primary'}>{t(found ? 'requests.compile_again' : 'requests.compile')}</Button>
          </ButtonRow>
        </Form>
      )}
      {mayRelease && (
        <Form view={view} action={`/requests/${request.id}/release`}>
          <Paragraph>{t('requests.release_hint')}</Paragraph>
          <TextArea view={view} name="note" label={t('requests.field.note')} errors={{}} rows={2} />
          <ButtonRow>
            <Button variant="primary">{t('requests.release')}</Button>
          </ButtonRow>
        </Form>
      )}
    </>
  );
}

function Decide({ view, read, values, errors }: { view: View; read: RequestRead; values: Record<string, string>; errors: FieldErrors }) {
  const t = view.t;
  const { request } = read;
  return (
    <>
      <Heading level={2}>{t('requests.decide_title')}</Heading>
      {request.kind === 'access' && <Paragraph>{t('requests.decide_access_hint')}</Paragraph>}
      {request.kind === 'erasure' && (
        <Paragraph>{t(request.subjectKind === 'user' ? 'requests.erasure_hint' : 'requests.erasure_perpetrator_hint')}</Paragraph>
      )}
      <Form view={view} action={`/requests/${request.id}/decision`}>
        <RadioGroup
          view={view}
          name="decision"
          legend={t('requests.field.decision')}
          options={(request.kind === 'access' ? (['refused'] as const) : DECISIONS).map((d) => ({
            value: d,
            label: t(`requests.decision.${d}`),
          }))}
          value={values.decision}
          errors={errors}
        />
        <TextArea
          view={view}
          name="reason"
          label={t('requests.field.reason')}
          hint={t('requests.field.reason_hint')}
          value={values.reason ?? ''}
          errors={errors}
          rows={3}
          required
        />
        {request.kind === 'erasure' && request.subjectKind === 'user' && (
          <>
            {read.erasable.length > 0 && (
              <CheckboxGroup
                view={view}
                name="incidentIds"
                legend={t('requests.field.incidents')}
                options={read.erasable.map((i) => ({
                  value: i.id,
                  label: `${incidentReference(i)} (${formatDay(amsterdamDay(i.occurredAt).date, view.lang)})`,
                }))}
                checked={[]}
                errors={errors}
              />
            )}
            <Checkbox name="aftercareNotes" label={t('requests.field.aftercare_notes')} checked={false} />
          </>
        )}
        <ButtonRow>
          <Button variant="primary">{t('requests.decide')}</Button>
        </ButtonRow>
      </Form>
    </>
  );
}

function DetailPage({
  view,
  read,
  values,
  errors,
}: {
  view: View;
  read: RequestRead;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const t = view.t;
  const r = read.request;
  const erased = r.erased
    ? Object.entries(r.erased)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${n} ${t(`requests.erased.${k}` as 'requests.erased.incident')}`)
        .join(', ')
    : '';
  return (
    <Layout view={view} title={`${t(`requests.kind.${r.kind}`)}: ${r.subjectLabel}`}>
      <Paragraph>
        <Link href="/requests">{t('requests.back')}</Link>
      </Paragraph>
      <ErrorSummary view={view} errors={errors} />
      <DataList>
        <DataRow label={t('requests.col.subject')}>
          {r.subjectLabel} ({t(`requests.subject_kind.${r.subjectKind}`)})
        </DataRow>
        <DataRow label={t('requests.col.kind')}>{t(`requests.kind.${r.kind}`)}</DataRow>
        <DataRow label={t('requests.col.received')}>{formatDay(r.receivedOn, view.lang)}</DataRow>
        <DataRow label={t('requests.col.due')}>{r.dueAt ? formatDay(amsterdamDay(r.dueAt).date, view.lang) : '—'}</DataRow>
        <DataRow label={t('requests.col.state')}>{stateOf(view, r)}</DataRow>
        {r.description && (
          <DataRow label={t('requests.item.description')} keepLineBreaks>
            {r.description}
          </DataRow>
        )}
        <DataRow label={t('requests.item.createdAt')}>{t('requests.recorded_by', { name: r.recordedBy.name })}</DataRow>
      </DataList>
      {r.decision && (
        <Alert type={r.decision === 'granted' ? 'ok' : 'info'}>
          <Paragraph>
            {t('requests.decided', {
              decision: t(`requests.state.${r.decision}`),
              name: r.decidedBy?.name ?? '',
              date: formatDateTime(r.decidedAt!, view.lang),
            })}
          </Paragraph>
          {r.decisionReason && <Paragraph>{r.decisionReason}</Paragraph>}
          {erased && <Paragraph>{t('requests.erased', { list: erased })}</Paragraph>}
        </Alert>
      )}
      {r.kind === 'access' && <Review view={view} read={read} />}
      {!r.decision && canRequest(view.who!.user.roles, 'request.decide') && (
        <Decide view={view} read={read} values={values} errors={errors} />
      )}
    </Layout>
  );
}

// One of the two selects names the subject; the person's is taken when both are chosen.
const requestForm = z
  .object({
    kind: formChoice(REQUEST_KINDS, 'error.request_kind'),
    subjectUserId: formOptional(100),
    subjectPerpetratorId: formOptional(100),
    receivedOn: formDate('error.request_received_invalid'),
    description: formOptional(2000),
  })
  .superRefine((v, ctx) => {
    if (!v.subjectUserId && !v.subjectPerpetratorId)
      ctx.addIssue({ code: 'custom', path: ['subjectUserId'], message: 'error.request_subject_unknown' });
  });
const decisionForm = z.object({
  decision: formChoice(DECISIONS, 'error.request_decision'),
  reason: formRequired('error.request_reason_required', 2000),
  incidentIds: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(100)).max(200)),
  aftercareNotes: formCheckbox(),
});
const releaseForm = z.object({ note: formOptional(2000) });

/** The requests pages: for the security adviser and the privacy officer (nav: "Verzoeken"). */
export function requestPageRoutes(app: FastifyInstance, db: Db, store: EvidenceStore) {
  const list = async ({ tx, who, view, values, errors }: Parameters<Parameters<typeof formRoute>[2]['render']>[0]) => (
    <ListPage
      view={view}
      items={await listRequests(tx, who!)}
      subjects={canRequest(who!.user.roles, 'request.record') ? await requestSubjects(tx, who!) : undefined}
      values={values}
      errors={errors}
    />
  );
  pageRoute(app, db, {
    url: '/requests',
    handler: async (context) => list({ ...context, params: undefined, values: {}, errors: {} }),
  });
  formRoute(app, db, {
    url: '/requests',
    form: requestForm,
    generalField: 'subjectUserId',
    fieldNames: { subjectId: 'subjectUserId' },
    command: async ({ tx, who, form }) => {
      const subject = form.subjectUserId
        ? { subjectKind: 'user' as const, subjectId: form.subjectUserId }
        : { subjectKind: 'perpetrator' as const, subjectId: form.subjectPerpetratorId! };
      const parsedId = z.uuid().safeParse(subject.subjectId);
      const id = await recordRequest(tx, who, {
        kind: form.kind,
        ...subject,
        subjectId: parsedId.success ? parsedId.data : '00000000-0000-4000-8000-000000000000',
        receivedOn: form.receivedOn,
        description: form.description,
      });
      return `/requests/${id}`;
    },
    render: list,
  });

  const detail = async ({
    tx,
    who,
    view,
    params,
    values,
    errors,
  }: Parameters<Parameters<typeof formRoute>[2]['render']>[0] & { params: { id: string } }) => (
    <DetailPage view={view} read={await getRequest(tx, who!, params.id)} values={values} errors={errors} />
  );
  pageRoute(app, db, {
    url: '/requests/:id',
    params: idParams,
    handler: async (context) => detail({ ...context, values: {}, errors: {} }),
  });
  formRoute(app, db, {
    url: '/requests/:id/decision',
    params: idParams,
    form: decisionForm,
    generalField: 'decision',
    command: async ({ tx, who, params, form, reply }) => {
      const erasure = await decideRequest(tx, who, params.id, {
        decision: form.decision,
        reason: form.reason,
        incidentIds: form.incidentIds.filter((i) => z.uuid().safeParse(i).success),
        aftercareNotes: form.aftercareNotes,
      });
      if (erasure && erasure.files.length > 0)
        reply.raw.once('finish', () => {
          removeErasedFiles(db, store, who.organisation.id, erasure.files).catch(() => undefined);
        });
      return `/requests/${params.id}`;
    },
    render: detail,
  });
  formRoute(app, db, {
    url: '/requests/:id/compile',
    params: idParams,
    form: z.object({}),
    command: async ({ tx, who, params }) => {
      await compileAccessExport(tx, who, params.id);
      return `/requests/${params.id}`;
    },
    render: detail,
  });
  formRoute(app, db, {
    url: '/requests/:id/release',
    params: idParams,
    form: releaseForm,
    generalField: 'note',
    command: async ({ tx, who, params, form }) => {
      await releaseAccessExport(tx, who, params.id, { note: form.note });
      return `/requests/${params.id}`;
    },
    render: detail,
  });
}
