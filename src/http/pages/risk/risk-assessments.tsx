import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import { requireRole } from '../../../domain/access/access.js';
import { riskPolicy } from '../../../domain/risk-assessment/risk-assessment.policy.js';
import { incidentReference } from '../../../domain/incident/incident.js';
import {
  CONVERSATION_PRECAUTIONS,
  MEETING_ACCESS,
  PRECAUTION_KINDS,
  SENSITIVITIES,
  type RiskAssessment,
} from '../../../domain/risk-assessment/risk-assessment.js';
import {
  addPrecaution,
  assignablePeople,
  completePrecaution,
  decidePrecautionOf,
  evaluateAssessment,
  getRiskAssessment,
  listRiskAssessments,
  planAssessment,
  precautionOf,
  registerChoices,
  submitQuestionnaire,
  todaysConversations,
  type AssessmentRead,
  type AssessmentSummary,
} from '../../../domain/risk-assessment/risk-assessments.js';
import { amsterdamParts } from '../../../time/amsterdam.js';
import {
  Alert,
  Button,
  ButtonRow,
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
import { formCheckboxes, formChoice, formId, formInteger, formOptional, formRequired, formText, withMoment } from '../../forms.js';
import { formatDateTime } from '../../i18n/index.js';
import { idParams } from '../../pipeline/api-route.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';
import { AssessmentLink, LevelBadge, openCount, stateText, takenText, thresholds, TodaysConversations } from './risk-views.js';

type Values = Record<string, string>;
type Person = { id: string; name: string };

function ListPage({ view, items, today }: { view: View; items: AssessmentSummary[]; today: AssessmentSummary[] }) {
  const t = view.t;
  const meetings = items.filter((a) => a.kind === 'group_meeting');
  const conversations = items.filter((a) => a.kind === 'conversation');
  return (
    <Layout view={view} title={t('risk.title')}>
      <Paragraph>{t('risk.intro')}</Paragraph>
      <ButtonRow>
        <Link href="/risk-assessments/new-meeting">{t('risk.plan_meeting')}</Link>
        <Link href="/risk-assessments/new-conversation">{t('risk.mark_conversation')}</Link>
      </ButtonRow>
      <TodaysConversations view={view} conversations={today} id="risk-today" />
      <section aria-labelledby="risk-meetings">
        <Heading level={2} id="risk-meetings">
          {t('risk.meetings')}
        </Heading>
        {meetings.length === 0 ? (
          <Paragraph>{t('risk.none_meetings')}</Paragraph>
        ) : (
          <Table
            caption={t('risk.meetings')}
            captionHidden
            rows={meetings}
            columns={[
              { header: t('risk.col.meeting'), rowHeader: true, cell: (a) => <AssessmentLink view={view} a={a} /> },
              { header: t('risk.col.level'), cell: (a) => <LevelBadge view={view} a={a} /> },
              { header: t('risk.col.state'), cell: (a) => stateText(view, a) },
              { header: t('risk.col.open'), cell: (a) => String(openCount(a.precautions)) },
            ]}
          />
        )}
      </section>
      <section aria-labelledby="risk-conversations">
        <Heading level={2} id="risk-conversations">
          {t('risk.conversations')}
        </Heading>
        {conversations.length === 0 ? (
          <Paragraph>{t('risk.none_conversations')}</Paragraph>
        ) : (
          <Table
            caption={t('risk.conversations')}
            captionHidden
            rows={conversations}
            columns={[
              { header: t('risk.col.conversation'), rowHeader: true, cell: (a) => <AssessmentLink view={view} a={a} /> },
              { header: t('risk.col.host'), cell: (a) => a.host?.name ?? '—' },
              { header: t('risk.col.precautions'), cell: (a) => takenText(view, a.precautions) },
            ]}
          />
        )}
      </section>
    </Layout>
  );
}

function MomentFields({ view, values, errors }: { view: View; values: Values; errors: FieldErrors }) {
  const t = view.t;
  return (
    <>
      <TextField
        view={view}
        name="date"
        label={t('risk.field.date')}
        hint={t('risk.field.date_hint')}
        value={values.date ?? ''}
        errors={errors}
        required
      />
      <TextField
        view={view}
        name="time"
        label={t('risk.field.time')}
        hint={t('risk.field.time_hint')}
        value={values.time ?? ''}
        errors={errors}
        required
      />
    </>
  );
}

function NewMeetingPage({ view, values, errors }: { view: View; values: Values; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('risk.plan_meeting')}>
      <Paragraph>{t('risk.plan_meeting_intro')}</Paragraph>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action="/risk-assessments/meetings">
        <TextField
          view={view}
          name="title"
          label={t('risk.field.title')}
          hint={t('risk.field.title_hint')}
          value={values.title ?? ''}
          errors={errors}
          required
        />
        <MomentFields view={view} values={values} errors={errors} />
        <TextField view={view} name="location" label={t('risk.field.location')} value={values.location ?? ''} errors={errors} />
        <TextField view={view} name="chair" label={t('risk.field.chair')} value={values.chair ?? ''} errors={errors} />
        <ButtonRow>
          <Button variant="primary">{t('risk.plan')}</Button>
        </ButtonRow>
      </Form>
      <Paragraph>
        <Link href="/risk-assessments">{t('risk.back')}</Link>
      </Paragraph>
    </Layout>
  );
}

function NewConversationPage({
  view,
  values,
  checked,
  errors,
  people,
}: {
  view: View;
  values: Values;
  checked: string[];
  errors: FieldErrors;
  people: Person[];
}) {
  const t = view.t;
  return (
    <Layout view={view} title={t('risk.mark_conversation')}>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action="/risk-assessments/conversations">
        <TextField
          view={view}
          name="title"
          label={t('risk.field.subject')}
          hint={t('risk.field.subject_hint')}
          value={values.title ?? ''}
          errors={errors}
          required
        />
        <MomentFields view={view} values={values} errors={errors} />
        <TextField
          view={view}
          name="location"
          label={t('risk.field.room')}
          hint={t('risk.field.room_hint')}
          value={values.location ?? ''}
          errors={errors}
        />
        <Select
          view={view}
          name="hostId"
          label={t('risk.field.host')}
          value={values.hostId ?? view.who?.user.id}
          errors={errors}
          options={people.map((p) => ({ value: p.id, label: p.name }))}
        />
        <CheckboxGroup
          view={view}
          name="precautions"
          legend={t('risk.field.precautions')}
          options={CONVERSATION_PRECAUTIONS.map((k) => ({ value: k, label: t(`risk.precaution.${k}`) }))}
          checked={checked}
          errors={errors}
        />
        <ButtonRow>
          <Button variant="primary">{t('risk.mark')}</Button>
        </ButtonRow>
      </Form>
      <Paragraph>
        <Link href="/risk-assessments">{t('risk.back')}</Link>
      </Paragraph>
    </Layout>
  );
}

const yesNo = (v: boolean | null | undefined) => (v === null || v === undefined ? undefined : v ? 'yes' : 'no');

function QuestionnaireForm({
  view,
  a,
  values,
  errors,
  register,
}: {
  view: View;
  a: RiskAssessment;
  values: Values;
  errors: FieldErrors;
  register: Person[] | undefined;
}) {
  const t = view.t;
  const v = (name: string, stored: string | null | undefined) => values[name] ?? stored ?? '';
  const yes = [
    { value: 'yes', label: t('risk.yes') },
    { value: 'no', label: t('risk.no') },
  ];
  return (
    <Form view={view} action={`/risk-assessments/${a.id}/questionnaire`}>
      <TextField
        view={view}
        name="topic"
        label={t('risk.field.topic')}
        hint={t('risk.field.topic_hint')}
        value={v('topic', a.topic)}
        errors={errors}
        required
      />
      <RadioGroup
        view={view}
        name="sensitivity"
        legend={t('risk.field.sensitivity')}
        options={SENSITIVITIES.map((s) => ({ value: s, label: t(`risk.sensitivity.${s}`) }))}
        value={values.sensitivity ?? a.sensitivity ?? undefined}
        errors={errors}
      />
      <TextField
        view={view}
        name="expectedAttendance"
        label={t('risk.field.attendance')}
        value={v('expectedAttendance', a.expectedAttendance === null ? null : String(a.expectedAttendance))}
        errors={errors}
        inputMode="numeric"
        required
      />
      <RadioGroup
        view={view}
        name="access"
        legend={t('risk.field.access')}
        options={MEETING_ACCESS.map((s) => ({ value: s, label: t(`risk.access.${s}`) }))}
        value={values.access ?? a.access ?? undefined}
        errors={errors}
      />
      <RadioGroup
        view={view}
        name="earlierIncidents"
        legend={t('risk.field.earlier')}
        options={yes}
        value={values.earlierIncidents ?? yesNo(a.earlierIncidents)}
        errors={errors}
      />
      <RadioGroup
        view={view}
        name="livestream"
        legend={t('risk.field.livestream')}
        options={yes}
        value={values.livestream ?? yesNo(a.livestream)}
        errors={errors}
      />
      {register &&
        (register.length === 0 ? (
          <Paragraph>{t('risk.perpetrators_none_in_register')}</Paragraph>
        ) : (
          <CheckboxGroup
            view={view}
            name="expectedPerpetratorIds"
            legend={t('risk.field.perpetrators')}
            options={register.map((p) => ({ value: p.id, label: p.name }))}
            checked={a.expectedPerpetratorIds}
            errors={errors}
          />
        ))}
      <TextField view={view} name="location" label={t('risk.field.location')} value={v('location', a.location)} errors={errors} required />
      <TextField view={view} name="chair" label={t('risk.field.chair')} value={v('chair', a.chair)} errors={errors} required />
      <ButtonRow>
        <Button variant="primary">{t('risk.assess')}</Button>
      </ButtonRow>
    </Form>
  );
}

function Outcome({ view, read }: { view: View; read: AssessmentRead }) {
  const t = view.t;
  const outcome = read.outcome;
  const a = read.assessment;
  if (!outcome || !a.level) return null;
  return (
    <Alert type={a.level === 'high' ? 'error' : a.level === 'elevated' ? 'warning' : 'info'}>
      <Heading level={2}>{t('risk.outcome', { level: t(`risk.level.${a.level}`) })}</Heading>
      <Paragraph>{t('risk.outcome_points', { points: String(outcome.points), ...thresholds })}</Paragraph>
      {outcome.reasons.length === 0 ? (
        <Paragraph>{t('risk.outcome_nothing')}</Paragraph>
      ) : (
        <UnorderedList>
          {outcome.reasons.map((r) => (
            <ListItem>{t(`risk.reason.${r}`)}</ListItem>
          ))}
        </UnorderedList>
      )}
    </Alert>
  );
}

function Precautions({ view, read, errors }: { view: View; read: AssessmentRead; errors: FieldErrors }) {
  const t = view.t;
  const a = read.assessment;
  const canAdd = read.addable.length > 0 && (a.kind === 'conversation' || a.level !== null);
  return (
    <section aria-labelledby="risk-precautions">
      <Heading level={2} id="risk-precautions">
        {t('risk.precautions')}
      </Heading>
      <Paragraph>{t('risk.precautions_intro')}</Paragraph>
      {read.precautions.length === 0 ? (
        <Paragraph>{t('risk.precautions_none')}</Paragraph>
      ) : (
        <Table
          caption={t('risk.precautions')}
          captionHidden
          rows={read.precautions}
          columns={[
            {
              header: t('risk.field.kind'),
              rowHeader: true,
              cell: (p) => (
                <>
                  {t(`risk.precaution.${p.kind}`)}
                  {p.suggested ? ` (${t('risk.suggested')})` : ''}
                </>
              ),
            },
            {
              header: t('risk.col.state'),
              cell: (p) => (
                <>
                  {t(`risk.decision.${p.decision}`)}
                  {p.owner && (
                    <>
                      <br />
                      {t('risk.owner', { name: p.owner.name })}
                    </>
                  )}
                  {p.doneAt && (
                    <>
                      <br />
                      {t('risk.done_at', { at: formatDateTime(p.doneAt, view.lang) })}
                    </>
                  )}
                  {p.note && (
                    <>
                      <br />
                      {p.note}
                    </>
                  )}
                </>
              ),
            },
            {
              header: t('risk.col.open'),
              cell: (p) =>
                p.doneAt ? (
                  '—'
                ) : (
                  <>
                    <Link href={`/risk-precautions/${p.id}`}>
                      {p.decision === 'pending' ? t('risk.decide') : t('risk.change_decision')}
                      <span class="wb-visually-hidden"> {t(`risk.precaution.${p.kind}`)}</span>
                    </Link>
                    {p.decision === 'taken' && (
                      <Form view={view} action={`/risk-precautions/${p.id}/done`}>
                        <Button variant="secondary">
                          {t('risk.mark_done')}
                          <span class="wb-visually-hidden"> {t(`risk.precaution.${p.kind}`)}</span>
                        </Button>
                      </Form>
                    )}
                  </>
                ),
            },
          ]}
        />
      )}
      {canAdd && (
        <Form view={view} action={`/risk-assessments/${a.id}/precautions`}>
          <Select
            view={view}
            name="kind"
            label={t('risk.add_precaution')}
            value={read.addable[0]}
            errors={errors}
            options={read.addable.map((k) => ({ value: k, label: t(`risk.precaution.${k}`) }))}
          />
          <ButtonRow>
            <Button variant="secondary">{t('risk.add')}</Button>
          </ButtonRow>
        </Form>
      )}
    </section>
  );
}

function Evaluation({ view, read, values, errors }: { view: View; read: AssessmentRead; values: Values; errors: FieldErrors }) {
  const t = view.t;
  const a = read.assessment;
  const held = a.startsAt <= new Date();
  return (
    <section aria-labelledby="risk-evaluation">
      <Heading level={2} id="risk-evaluation">
        {t('risk.evaluation')}
      </Heading>
      {a.evaluation && (
        <DataList>
          <DataRow label={t('risk.field.evaluation')} keepLineBreaks>
            {a.evaluation}
          </DataRow>
          <DataRow label={t('risk.incidents')}>
            {read.incidents.length === 0
              ? t('risk.incidents_none')
              : read.incidents.map((i, n) => (
                  <>
                    {n > 0 && ', '}
                    <Link href={`/incidents/${i.id}`}>{incidentReference(i)}</Link>
                  </>
                ))}
          </DataRow>
        </DataList>
      )}
      {!held || !a.level ? (
        <Paragraph>{t('risk.evaluation_later')}</Paragraph>
      ) : (
        <Form view={view} action={`/risk-assessments/${a.id}/evaluation`}>
          <TextArea
            view={view}
            name="evaluation"
            label={t('risk.field.evaluation')}
            value={values.evaluation ?? a.evaluation ?? ''}
            errors={errors}
            rows={4}
            required
          />
          <TextField
            view={view}
            name="incidents"
            label={t('risk.field.incidents')}
            hint={t('risk.field.incidents_hint')}
            value={values.incidents ?? read.incidents.map((i) => incidentReference(i)).join(', ')}
            errors={errors}
          />
          <ButtonRow>
            <Button variant="primary">{t('risk.evaluate')}</Button>
          </ButtonRow>
        </Form>
      )}
    </section>
  );
}

function AssessmentPage({
  view,
  read,
  values = {},
  errors = {},
  register,
}: {
  view: View;
  read: AssessmentRead;
  values?: Values;
  errors?: FieldErrors;
  register: Person[] | undefined;
}) {
  const t = view.t;
  const a = read.assessment;
  const meeting = a.kind === 'group_meeting';
  return (
    <Layout view={view} title={a.title}>
      <ErrorSummary view={view} errors={errors} />
      <DataList>
        <DataRow label={t('risk.col.when')}>
          <time dateTime={a.startsAt.toISOString()}>{formatDateTime(a.startsAt, view.lang)}</time>
        </DataRow>
        <DataRow label={t('risk.col.where')}>{a.location ?? '—'}</DataRow>
        {meeting && <DataRow label={t('risk.field.chair')}>{a.chair ?? '—'}</DataRow>}
        {a.host && <DataRow label={t('risk.col.host')}>{a.host.name}</DataRow>}
        {meeting && <DataRow label={t('risk.col.state')}>{stateText(view, a)}</DataRow>}
        {meeting && a.expectedPerpetratorIds.length > 0 && (
          <DataRow label={t('risk.field.perpetrators')}>
            {read.perpetrators
              ? read.perpetrators.map((p) => p.name).join(', ')
              : t('risk.perpetrators_count', { count: String(a.expectedPerpetratorIds.length) })}
          </DataRow>
        )}
        <DataRow label={t('risk.recorded_by')}>
          {a.createdBy.name}, {formatDay(amsterdamParts(a.createdAt).date, view.lang)}
        </DataRow>
      </DataList>
      {meeting && !a.level && (
        <Alert type="warning">
          <Paragraph>{t('risk.analysis_due')}</Paragraph>
        </Alert>
      )}
      <Outcome view={view} read={read} />
      {(!meeting || a.level) && <Precautions view={view} read={read} errors={errors} />}
      {meeting && (
        <section aria-labelledby="risk-questionnaire">
          <Heading level={2} id="risk-questionnaire">
            {t('risk.questionnaire')}
          </Heading>
          <Paragraph>{t('risk.questionnaire_intro')}</Paragraph>
          <QuestionnaireForm view={view} a={a} values={values} errors={errors} register={register} />
        </section>
      )}
      {meeting && <Evaluation view={view} read={read} values={values} errors={errors} />}
      <Paragraph>
        <Link href="/risk-assessments">{t('risk.back')}</Link>
      </Paragraph>
    </Layout>
  );
}

function PrecautionPage({
  view,
  read,
  precautionId,
  people,
  values = {},
  errors = {},
}: {
  view: View;
  read: AssessmentRead;
  precautionId: string;
  people: Person[];
  values?: Values;
  errors?: FieldErrors;
}) {
  const t = view.t;
  const p = read.precautions.find((x) => x.id === precautionId)!;
  return (
    <Layout view={view} title={t(`risk.precaution.${p.kind}`)}>
      <Paragraph>
        <Link href={`/risk-assessments/${read.assessment.id}`}>{read.assessment.title}</Link> —{' '}
        {formatDateTime(read.assessment.startsAt, view.lang)}
      </Paragraph>
      <Paragraph>{t(`risk.decision.${p.decision}`)}</Paragraph>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action={`/risk-precautions/${p.id}/decision`}>
        <Select
          view={view}
          name="ownerId"
          label={t('risk.field.owner')}
          value={values.ownerId ?? p.owner?.id ?? view.who?.user.id}
          errors={errors}
          options={people.map((x) => ({ value: x.id, label: x.name }))}
        />
        <TextArea
          view={view}
          name="note"
          label={t('risk.field.note')}
          hint={t('risk.field.note_hint')}
          value={values.note ?? p.note ?? ''}
          errors={errors}
          rows={3}
        />
        <ButtonRow>
          <Button variant="primary" name="decision" value="taken">
            {t('risk.take')}
          </Button>
          <Button variant="secondary" name="decision" value="declined">
            {t('risk.decline')}
          </Button>
        </ButtonRow>
      </Form>
    </Layout>
  );
}

function TodayPage({ view, conversations }: { view: View; conversations: AssessmentSummary[] }) {
  return (
    <Layout view={view} title={view.t('risk.today')}>
      <Paragraph>{view.t('risk.today_intro')}</Paragraph>
      <TodaysConversations view={view} conversations={conversations} id="risk-today" />
    </Layout>
  );
}

const moment = { date: formText(40), time: formText(10) };
const meetingForm = withMoment(
  z.object({ title: formRequired('error.risk_title_required', 300), ...moment, location: formOptional(300), chair: formOptional(200) }),
  'startsAt',
  'date',
  'time',
  'error.risk_starts_at_invalid',
);
const conversationForm = withMoment(
  z.object({
    title: formRequired('error.risk_title_required', 300),
    ...moment,
    location: formOptional(300),
    hostId: formId('error.risk_host_required'),
    precautions: formCheckboxes(CONVERSATION_PRECAUTIONS, 'error.risk_precaution_kind').refine(
      (v) => v.length > 0,
      'error.risk_precaution_required',
    ),
  }),
  'startsAt',
  'date',
  'time',
  'error.risk_starts_at_invalid',
);
const yesNoField = (message: string) => formChoice(['yes', 'no'] as const, message).transform((v) => v === 'yes');
const questionnaireForm = z.object({
  topic: formRequired('error.risk_topic_required', 500),
  sensitivity: formChoice(SENSITIVITIES, 'error.risk_sensitivity_required'),
  expectedAttendance: formInteger('error.risk_attendance', 0, 100_000),
  access: formChoice(MEETING_ACCESS, 'error.risk_access_required'),
  earlierIncidents: yesNoField('error.risk_earlier_required'),
  livestream: yesNoField('error.risk_livestream_required'),
  expectedPerpetratorIds: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.uuid({ error: 'error.perpetrator_unknown' })),
  ),
  location: formRequired('error.risk_location_required', 300),
  chair: formRequired('error.risk_chair_required', 200),
});
const precautionForm = z.object({ kind: formChoice(PRECAUTION_KINDS, 'error.risk_precaution_kind') });
const decisionForm = z.object({
  decision: formChoice(['taken', 'declined'] as const, 'error.risk_decision_required'),
  ownerId: formId('error.risk_owner_required'),
  note: formOptional(2000),
});
const evaluationForm = z.object({
  evaluation: formRequired('error.risk_evaluation_required', 5000),
  incidents: formText(1000).transform((v) => v.split(/[,;\s]+/).filter(Boolean)),
});

/** The risk assessment pages: the adviser and the clerk before a meeting, the people on duty on the day. */
export function riskAssessmentPageRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/risk-assessments',
    handler: async ({ tx, who, view }) => {
      const items = await listRiskAssessments(tx, who);
      return <ListPage view={view} items={items} today={await todaysConversations(tx, who)} />;
    },
  });
  pageRoute(app, db, {
    url: '/risk-assessments/today',
    handler: async ({ tx, who, view }) => <TodayPage view={view} conversations={await todaysConversations(tx, who)} />,
  });

  pageRoute(app, db, {
    url: '/risk-assessments/new-meeting',
    handler: async ({ who, view }) => {
      requireRole(riskPolicy, who, 'risk.manage');
      return <NewMeetingPage view={view} values={{}} errors={{}} />;
    },
  });
  formRoute(app, db, {
    url: '/risk-assessments/meetings',
    form: meetingForm,
    generalField: 'title',
    command: async ({ tx, who, form }) =>
      `/risk-assessments/${await planAssessment(tx, who, { kind: 'group_meeting', title: form.title, startsAt: form.startsAt, location: form.location, chair: form.chair })}`,
    render: async ({ who, view, values, errors }) => {
      requireRole(riskPolicy, who!, 'risk.manage');
      return <NewMeetingPage view={view} values={values} errors={errors} />;
    },
  });

  pageRoute(app, db, {
    url: '/risk-assessments/new-conversation',
    handler: async ({ tx, who, view }) => (
      <NewConversationPage view={view} values={{}} checked={[]} errors={{}} people={await assignablePeople(tx, who)} />
    ),
  });
  formRoute(app, db, {
    url: '/risk-assessments/conversations',
    form: conversationForm,
    generalField: 'title',
    command: async ({ tx, who, form }) =>
      `/risk-assessments/${await planAssessment(tx, who, {
        kind: 'conversation',
        title: form.title,
        startsAt: form.startsAt,
        location: form.location,
        hostId: form.hostId,
        precautions: form.precautions,
      })}`,
    render: async ({ tx, who, view, values, errors, request }) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const checked = ([] as unknown[]).concat(body.precautions ?? []).filter((v): v is string => typeof v === 'string');
      return (
        <NewConversationPage view={view} values={values} checked={checked} errors={errors} people={await assignablePeople(tx, who!)} />
      );
    },
  });

  pageRoute(app, db, {
    url: '/risk-assessments/:id',
    params: idParams,
    handler: async ({ tx, who, view, params }) => {
      const read = await getRiskAssessment(tx, who, params.id);
      return <AssessmentPage view={view} read={read} register={await registerChoices(tx, who)} />;
    },
  });
  const again = async ({
    tx,
    who,
    view,
    params,
    values,
    errors,
  }: Parameters<Parameters<typeof formRoute>[2]['render']>[0] & { params: { id: string } }) => (
    <AssessmentPage
      view={view}
      read={await getRiskAssessment(tx, who!, params.id)}
      values={values}
      errors={errors}
      register={await registerChoices(tx, who!)}
    />
  );
  formRoute(app, db, {
    url: '/risk-assessments/:id/questionnaire',
    params: idParams,
    form: questionnaireForm,
    generalField: 'topic',
    command: async ({ tx, who, params, form }) => {
      await submitQuestionnaire(tx, who, params.id, form);
      return `/risk-assessments/${params.id}`;
    },
    render: again,
  });
  formRoute(app, db, {
    url: '/risk-assessments/:id/precautions',
    params: idParams,
    form: precautionForm,
    generalField: 'kind',
    command: async ({ tx, who, params, form }) => {
      await addPrecaution(tx, who, params.id, form.kind);
      return `/risk-assessments/${params.id}#risk-precautions`;
    },
    render: again,
  });
  formRoute(app, db, {
    url: '/risk-assessments/:id/evaluation',
    params: idParams,
    form: evaluationForm,
    generalField: 'evaluation',
    command: async ({ tx, who, params, form }) => {
      await evaluateAssessment(tx, who, params.id, form);
      return `/risk-assessments/${params.id}#risk-evaluation`;
    },
    render: again,
  });

  const precautionPage = async (
    tx: Parameters<typeof getRiskAssessment>[0],
    who: Parameters<typeof getRiskAssessment>[1],
    view: View,
    id: string,
    values?: Values,
    errors?: FieldErrors,
  ) => {
    const assessmentId = await precautionOf(tx, who, id);
    return (
      <PrecautionPage
        view={view}
        read={await getRiskAssessment(tx, who, assessmentId)}
        precautionId={id}
        people={await assignablePeople(tx, who)}
        values={values}
        errors={errors}
      />
    );
  };
  pageRoute(app, db, {
    url: '/risk-precautions/:id',
    params: idParams,
    handler: async ({ tx, who, view, params }) => precautionPage(tx, who, view, params.id),
  });
  formRoute(app, db, {
    url: '/risk-precautions/:id/decision',
    params: idParams,
    form: decisionForm,
    generalField: 'decision',
    command: async ({ tx, who, params, form }) =>
      `/risk-assessments/${await decidePrecautionOf(tx, who, params.id, form)}#risk-precautions`,
    render: async ({ tx, who, view, params, values, errors }) => precautionPage(tx, who!, view, params.id, values, errors),
  });
  formRoute(app, db, {
    url: '/risk-precautions/:id/done',
    params: idParams,
    form: z.object({}),
    generalField: 'decision',
    command: async ({ tx, who, params }) => `/risk-assessments/${await completePrecaution(tx, who, params.id)}#risk-precautions`,
    render: async ({ tx, who, view, params, errors }) => precautionPage(tx, who!, view, params.id, {}, errors),
  });
}
