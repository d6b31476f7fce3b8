import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import type { EvidenceStore } from '../../../domain/evidence/evidence-store.js';
import { reportDisruption } from '../../../domain/meeting/disruption-incident.js';
import type { LogLine } from '../../../domain/meeting/disruption-log.js';
import { EVENT_KINDS, decisionSchema, newDisruptionSchema, newMeetingSchema, type Meeting } from '../../../domain/meeting/meeting.js';
import {
  createDisruption,
  createMeeting,
  getDisruption,
  getMeeting,
  listMeetings,
  logEntry,
  recordDecision,
  type DisruptionRead,
  type MeetingWithDisruptions,
} from '../../../domain/meeting/meeting-log.js';
import { orderNotice } from '../../../domain/meeting/meeting.presenter.js';
import { amsterdamParts, amsterdamToday } from '../../../time/amsterdam.js';
import {
  Alert,
  Button,
  ButtonRow,
  ErrorSummary,
  Form,
  Heading,
  Layout,
  Link,
  ListItem,
  Paragraph,
  Select,
  TextArea,
  TextField,
  UnorderedList,
  type FieldErrors,
} from '../../components/index.js';
import type { View } from '../../components/view.js';
import { formatDay } from '../../displayed.js';
import { formChoice, formDate, formOptional, formRequired } from '../../forms.js';
import { idParams } from '../../pipeline/api-route.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';

const clock = (at: Date) => amsterdamParts(at).time;

function MeetingLink({ view, meeting }: { view: View; meeting: Meeting }) {
  return (
    <Link href={`/meetings/${meeting.id}`}>
      {view.t('meetings.meeting', { title: meeting.title, date: formatDay(meeting.date, view.lang) })} —{' '}
      {view.t('meetings.chair', { chair: meeting.chair })}
    </Link>
  );
}

function ListPage({ view, items, values, errors }: { view: View; items: Meeting[]; values: Record<string, string>; errors: FieldErrors }) {
  const t = view.t;
  const today = amsterdamToday();
  const todays = items.filter((m) => m.date === today);
  const earlier = items.filter((m) => m.date !== today);
  return (
    <Layout view={view} title={t('meetings.title')}>
      <Paragraph>{t('meetings.intro')}</Paragraph>
      <Heading level={2}>{t('meetings.today')}</Heading>
      {todays.length === 0 ? (
        <Paragraph>{t('meetings.none_today')}</Paragraph>
      ) : (
        <UnorderedList>
          {todays.map((m) => (
            <ListItem>
              <MeetingLink view={view} meeting={m} />
            </ListItem>
          ))}
        </UnorderedList>
      )}
      <Heading level={2}>{t('meetings.new')}</Heading>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action="/meetings">
        <TextField
          view={view}
          name="title"
          label={t('meetings.field.title')}
          hint={t('meetings.field.title_hint')}
          value={values.title ?? ''}
          errors={errors}
          required
        />
        <TextField
          view={view}
          name="date"
          label={t('meetings.field.date')}
          value={values.date ?? formatDay(today, view.lang)}
          errors={errors}
          required
        />
        <TextField view={view} name="chair" label={t('meetings.field.chair')} value={values.chair ?? ''} errors={errors} required />
        <ButtonRow>
          <Button variant="primary">{t('meetings.create')}</Button>
        </ButtonRow>
      </Form>
      <Heading level={2}>{t('meetings.earlier')}</Heading>
      {earlier.length === 0 ? (
        <Paragraph>{t('meetings.none')}</Paragraph>
      ) : (
        <UnorderedList>
          {earlier.map((m) => (
            <ListItem>
              <MeetingLink view={view} meeting={m} />
            </ListItem>
          ))}
        </UnorderedList>
      )}
    </Layout>
  );
}

function MeetingPage({ view, meeting, errors }: { view: View; meeting: MeetingWithDisruptions; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('meetings.meeting', { title: meeting.title, date: formatDay(meeting.date, view.lang) })}>
      <Paragraph>{t('meetings.chair', { chair: meeting.chair })}</Paragraph>
      <Heading level={2}>{t('meetings.disruptions')}</Heading>
      {meeting.disruptions.length === 0 ? (
        <Paragraph>{t('meetings.no_disruptions')}</Paragraph>
      ) : (
        <UnorderedList>
          {meeting.disruptions.map((d) => (
            <ListItem>
              <Link href={`/disruptions/${d.id}`}>
                {clock(d.createdAt)} {d.description}
              </Link>
              {d.incidentId ? ` (${t('meetings.reported')})` : ''}
            </ListItem>
          ))}
        </UnorderedList>
      )}
      <Heading level={2}>{t('meetings.new_disruption')}</Heading>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action={`/meetings/${meeting.id}/disruptions`}>
        <TextArea
          view={view}
          name="description"
          label={t('meetings.field.description')}
          hint={t('meetings.field.description_hint')}
          errors={errors}
          rows={2}
          required
        />
        <TextField view={view} name="perpetratorId" label={t('meetings.field.perpetrator')} errors={errors} />
        <ButtonRow>
          <Button variant="primary">{t('meetings.start_disruption')}</Button>
        </ButtonRow>
      </Form>
      <Paragraph>
        <Link href="/meetings">{t('meetings.title')}</Link>
      </Paragraph>
    </Layout>
  );
}

function lineText(view: View, line: LogLine, byId: Map<string, LogLine>): string {
  const t = view.t;
  const corrected = line.correctsId ? byId.get(line.correctsId) : undefined;
  return [
    t(`meetings.kind.${line.kind}`),
    line.orderNumber ? `(${t('meetings.order_number', { number: String(line.orderNumber) })})` : '',
    line.kind === 'report_decision' ? `: ${t(line.report ? 'meetings.decision_yes' : 'meetings.decision_no')}` : '',
    corrected ? `— ${t('meetings.corrects', { time: clock(corrected.at) })}` : '',
    line.note ? `— ${line.note}` : '',
    line.correctedBy ? t('meetings.corrected') : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function DisruptionPage({ view, read, errors }: { view: View; read: DisruptionRead; errors: FieldErrors }) {
  const t = view.t;
  const { disruption, meeting, log } = read;
  const notice = orderNotice(log);
  const byId = new Map(log.lines.map((l) => [l.id, l]));
  const correctable = log.lines.filter((l) => l.correctedBy === null && (EVENT_KINDS as readonly string[]).includes(l.kind));
  return (
    <Layout view={view} title={`${t('meetings.disruption')}: ${disruption.description}`}>
      <Paragraph>
        <Link href={`/meetings/${meeting.id}`}>{t('meetings.back')}</Link> (
        {t('meetings.meeting', { title: meeting.title, date: formatDay(meeting.date, view.lang) })})
      </Paragraph>
      <Paragraph>
        <strong>{t('meetings.orders', { count: String(log.orders) })}</strong>
      </Paragraph>
      {notice && (
        <Alert type={notice === 'offence' ? 'warning' : 'error'}>
          <Paragraph>{t(`meetings.notice.${notice}`)}</Paragraph>
        </Alert>
      )}
      <ErrorSummary view={view} errors={errors} />
      {disruption.incidentId ? (
        <Alert type="ok">
          <Paragraph>
            {t('meetings.incident_made')} <Link href={`/incidents/${disruption.incidentId}`}>{t('meetings.open_incident')}</Link>
          </Paragraph>
        </Alert>
      ) : (
        <>
          <Heading level={2}>{t('meetings.buttons')}</Heading>
          <Paragraph>{t('meetings.buttons_hint')}</Paragraph>
          <Form view={view} action={`/disruptions/${disruption.id}/events`}>
            <div class="wb-big-buttons">
              {EVENT_KINDS.map((kind) => (
                <Button variant={kind === 'order_to_leave' ? 'primary' : 'secondary'} name="kind" value={kind}>
                  {kind === 'order_to_leave'
                    ? `${t('meetings.kind.order_to_leave')} (${t('meetings.order_number', { number: String(log.orders + 1) })})`
                    : t(`meetings.kind.${kind}`)}
                </Button>
              ))}
            </div>
          </Form>
        </>
      )}
      <Heading level={2}>{t('meetings.log')}</Heading>
      {log.lines.length === 0 ? (
        <Paragraph>{t('meetings.log_empty')}</Paragraph>
      ) : (
        <ol class="wb-timeline">
          {log.lines.map((l) => (
            <li>
              <time dateTime={l.at.toISOString()}>{clock(l.at)}</time> {lineText(view, l, byId)} (
              {t('meetings.logged_by', { name: l.loggedBy.name })})
            </li>
          ))}
        </ol>
      )}
      {correctable.length > 0 && !disruption.incidentId && (
        <>
          <Heading level={2}>{t('meetings.correct')}</Heading>
          <Paragraph>{t('meetings.correct_hint')}</Paragraph>
          <Form view={view} action={`/disruptions/${disruption.id}/correction`}>
            <Select
              view={view}
              name="correctsId"
              label={t('meetings.field.corrects')}
              value={correctable[correctable.length - 1]!.id}
              errors={errors}
              options={correctable.map((l) => ({ value: l.id, label: `${clock(l.at)} ${lineText(view, l, byId)}` }))}
            />
            <TextField view={view} name="note" label={t('meetings.field.note')} errors={errors} required />
            <ButtonRow>
              <Button variant="secondary">{t('meetings.withdraw')}</Button>
            </ButtonRow>
          </Form>
        </>
      )}
      {!disruption.incidentId && (
        <>
          <Heading level={2}>{t('meetings.decide')}</Heading>
          <Paragraph>{t('meetings.decide_hint')}</Paragraph>
          <Form view={view} action={`/disruptions/${disruption.id}/decision`}>
            <TextField
              view={view}
              name="decidedBy"
              label={t('meetings.field.decided_by')}
              value={`${meeting.chair}, ${view.who?.user.name ?? ''}`}
              errors={errors}
              required
            />
            <ButtonRow>
              <Button variant="primary" name="report" value="yes">
                {t('meetings.make_incident')}
              </Button>
              <Button variant="secondary" name="report" value="no">
                {t('meetings.decide_no')}
              </Button>
            </ButtonRow>
          </Form>
        </>
      )}
    </Layout>
  );
}

const meetingForm = z.object({
  title: formRequired('error.meeting_title_required', 300),
  // As the page shows a day ("3 december 2026") or as yyyy-mm-dd.
  date: formDate('error.date_invalid').pipe(newMeetingSchema.shape.date),
  chair: formRequired('error.meeting_chair_required', 200),
});
const disruptionForm = z.object({
  description: formRequired('error.disruption_description_required', 2000),
  perpetratorId: formOptional(100).pipe(newDisruptionSchema.shape.perpetratorId),
});
const eventForm = z.object({ kind: formChoice(EVENT_KINDS, 'error.disruption_kind') });
const correctionForm = z.object({
  correctsId: formRequired('error.entry_unknown', 100).pipe(z.uuid({ error: 'error.entry_unknown' })),
  note: formRequired('error.correction_note_required', 2000),
});
const decisionForm = z.object({
  decidedBy: formRequired('error.decided_by_required', 500).pipe(decisionSchema.shape.decidedBy),
  report: formChoice(['yes', 'no'], 'error.decision_required'),
});

/** The disruption log's pages, for the clerk (and the chair) on a phone or tablet during the meeting. */
export function meetingPageRoutes(app: FastifyInstance, db: Db, store: EvidenceStore) {
  pageRoute(app, db, {
    url: '/meetings',
    handler: async ({ tx, who, view }) => <ListPage view={view} items={await listMeetings(tx, who)} values={{}} errors={{}} />,
  });
  formRoute(app, db, {
    url: '/meetings',
    form: meetingForm,
    generalField: 'title',
    command: async ({ tx, who, form }) => `/meetings/${await createMeeting(tx, who, form)}`,
    render: async ({ tx, who, view, errors, values }) => (
      <ListPage view={view} items={await listMeetings(tx, who)} values={values} errors={errors} />
    ),
  });

  pageRoute(app, db, {
    url: '/meetings/:id',
    params: idParams,
    handler: async ({ tx, who, view, params }) => <MeetingPage view={view} meeting={await getMeeting(tx, who, params.id)} errors={{}} />,
  });
  formRoute(app, db, {
    url: '/meetings/:id/disruptions',
    params: idParams,
    form: disruptionForm,
    generalField: 'description',
    command: async ({ tx, who, params, form }) => `/disruptions/${await createDisruption(tx, who, params.id, form)}`,
    render: async ({ tx, who, view, params, errors }) => (
      <MeetingPage view={view} meeting={await getMeeting(tx, who, params.id)} errors={errors} />
    ),
  });

  pageRoute(app, db, {
    url: '/disruptions/:id',
    params: idParams,
    handler: async ({ tx, who, view, params }) => <DisruptionPage view={view} read={await getDisruption(tx, who, params.id)} errors={{}} />,
  });
  const again = async ({
    tx,
    who,
    view,
    params,
    errors,
  }: Parameters<Parameters<typeof formRoute>[2]['render']>[0] & { params: { id: string } }) => (
    <DisruptionPage view={view} read={await getDisruption(tx, who!, params.id)} errors={errors} />
  );
  formRoute(app, db, {
    url: '/disruptions/:id/events',
    params: idParams,
    form: eventForm,
    generalField: 'kind',
    command: async ({ tx, who, params, form }) => {
      await logEntry(tx, who, params.id, { kind: form.kind, note: undefined });
      return `/disruptions/${params.id}`;
    },
    render: again,
  });
  formRoute(app, db, {
    url: '/disruptions/:id/correction',
    params: idParams,
    form: correctionForm,
    generalField: 'correctsId',
    command: async ({ tx, who, params, form }) => {
      await logEntry(tx, who, params.id, { kind: 'correction', correctsId: form.correctsId, note: form.note });
      return `/disruptions/${params.id}`;
    },
    render: again,
  });
  formRoute(app, db, {
    url: '/disruptions/:id/decision',
    params: idParams,
    form: decisionForm,
    generalField: 'decidedBy',
    command: async ({ tx, who, params, form }) => {
      if (form.report === 'yes')
        return `/incidents/${await reportDisruption(tx, store, who, params.id, { decidedBy: form.decidedBy, level: 'verbal_aggression' })}`;
      await recordDecision(tx, who, params.id, { report: false, decidedBy: form.decidedBy, note: undefined });
      return `/disruptions/${params.id}`;
    },
    render: again,
  });
}
