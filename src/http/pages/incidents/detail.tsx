import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../../db/database.js';
import type { SignedIn } from '../../../domain/auth/session.js';
import { canCase } from '../../../domain/case/case.policy.js';
import type { Deadline } from '../../../domain/deadline/deadline.js';
import { deadlinesOfIncident } from '../../../domain/deadline/deadline.repository.js';
import type { Evidence } from '../../../domain/evidence/evidence.js';
import { evidenceOf } from '../../../domain/evidence/evidence.repository.js';
import type { EvidenceStore } from '../../../domain/evidence/evidence-store.js';
import { readEvidence, uploadEvidence } from '../../../domain/evidence/upload-evidence.js';
import { addOnlineMessage, grantExtraAccess } from '../../../domain/incident/handle-incident.js';
import {
  incidentReference,
  type AccessReason,
  type Incident,
  type OnlineMessage,
  type TimelineEntry,
} from '../../../domain/incident/incident.js';
import { auditIncidentRead, visibleIncident } from '../../../domain/incident/incident-queries.js';
import { incidentActions } from '../../../domain/incident/incident.presenter.js';
import { onlineMessages, timeline } from '../../../domain/incident/incident.repository.js';
import { markInboxReadFor } from '../../../domain/notification/inbox.js';
import { changeStatus } from '../../../domain/protocol/incident-reported.js';
import { listUsers } from '../../../domain/user/user.repository.js';
import type { User } from '../../../domain/user/user.js';
import {
  Button,
  ButtonRow,
  Code,
  DataList,
  DataRow,
  ErrorSummary,
  Form,
  Heading,
  Input,
  Layout,
  Link,
  ListItem,
  Paragraph,
  Select,
  Table,
  TextArea,
  TextField,
  UnorderedList,
  type FieldErrors,
} from '../../components/index.js';
import type { View } from '../../components/view.js';
import { formChoice, formId, formOptional, formText, withMoment } from '../../forms.js';
import { withScheme } from '../../displayed.js';
import { formatDateTime } from '../../i18n/index.js';
import { idParams } from '../../pipeline/api-route.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';
import { mayHold } from '../../../domain/retention/hold.js';
import { HoldLink } from '../retention-hold.js';
import { sendFile } from '../../pipeline/upload.js';
import { DeadlineTable } from '../aftercare/tasks.js';
import { eventText, incidentFacts } from './incident-facts.js';

interface DetailData {
  who: SignedIn;
  incident: Incident;
  access: AccessReason;
  messages: OnlineMessage[];
  evidence: Evidence[];
  timeline: TimelineEntry[];
  people: User[];
  deadlines: Deadline[];
  /** Whether the person may hold the incident against retention (docs/retention.md). */
  mayHold: boolean;
}

/** Everyone the routing informed of the incident, in the order they were informed. */
function informedPeople(data: Pick<DetailData, 'timeline' | 'people'>): User[] {
  const ids = new Set(data.timeline.filter((e) => e.kind === 'routed').flatMap((e) => (e.detail.informed as string[] | undefined) ?? []));
  return [...ids].flatMap((id) => data.people.filter((p) => p.id === id));
}

/** "Anna de Vries (Veiligheidsadviseur), Griffier Groen (Griffier)": by name and role. */
export function namesWithRoles(view: View, people: readonly User[]): string {
  return people.map((p) => `${p.name} (${p.roles.map((r) => view.t(`role.${r}`)).join(', ')})`).join(', ');
}

function kilobytes(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

function DetailPage({ view, data, errors, values }: { view: View; data: DetailData; errors: FieldErrors; values: Record<string, string> }) {
  const t = view.t;
  const { incident, access } = data;
  const none = t('incident.none');
  const names = new Map(data.people.map((p) => [p.id, p.name]));
  const { abilities, transitions } = incidentActions(data.who, incident, access);
  const canAdd = abilities.includes('add_information');
  const path = `/incidents/${incident.id}`;
  const informed = informedPeople(data);
  return (
    <Layout view={view} title={t('incident.title', { reference: incidentReference(incident, t('incident.draft_reference')) })}>
      <ErrorSummary view={view} errors={errors} />
      {informed.length > 0 && (
        <section aria-labelledby="informed-heading">
          <Heading level={2} id="informed-heading">
            {t('incident.informed')}
          </Heading>
          <UnorderedList>
            {informed.map((p) => (
              <ListItem>
                {p.name} ({p.roles.map((r) => t(`role.${r}`)).join(', ')})
              </ListItem>
            ))}
          </UnorderedList>
        </section>
      )}
      {incident.status !== 'draft' && (
        <nav aria-label={t('incident.case_nav')} class="wb-case-nav">
          <UnorderedList>
            <ListItem>
              <Link href={`${path}/aftercare`}>{t('aftercare.link')}</Link>
            </ListItem>
            <ListItem>
              <Link href={`${path}/case`}>{t('case.link')}</Link>
            </ListItem>
            {abilities.includes('handle') && (
              <ListItem>
                <Link href={`${path}/measures`}>{t('incident.measures_link')}</Link>
              </ListItem>
            )}
            {view.who && canCase(view.who.user.roles, 'perpetrator.read') && (
              <ListItem>
                <Link href={`${path}/perpetrators`}>{t('incident.perpetrators_link')}</Link>
              </ListItem>
            )}
            <ListItem>
              <Link href="/help">{t('help.title')}</Link>
            </ListItem>
          </UnorderedList>
        </nav>
      )}
      <Heading level={2}>{t('incident.details')}</Heading>
      <DataList>
        {incidentFacts(view, incident).map((f) => (
          <DataRow label={f.label} keepLineBreaks={f.lines}>
            {f.value}
          </DataRow>
        ))}
      </DataList>
      <p class="utrecht-paragraph wb-no-print">
        <Link href={`/incidents/${incident.id}/summary.pdf`}>{t('summary.link')}</Link>. {t('summary.print_hint')}
      </p>

      {transitions.length > 0 && (
        <section aria-labelledby="status-heading">
          <Heading level={2} id="status-heading">
            {t('incident.status_change')}
          </Heading>
          <Form view={view} action={`${path}/status`}>
            {transitions.some((tr) => tr === 'close' || tr === 'reopen') && (
              <TextArea
                view={view}
                name="reason"
                label={t('incident.reason')}
                hint={t('incident.reason_hint')}
                value={values.reason}
                errors={errors}
                rows={2}
              />
            )}
            <ButtonRow>
              {transitions.map((tr) => (
                <Button variant={tr === 'submit' ? 'primary' : 'secondary'} name="transition" value={tr}>
                  {t(`transition.${tr}`)}
                </Button>
              ))}
            </ButtonRow>
          </Form>
        </section>
      )}

      {data.mayHold && <HoldLink view={view} incidentId={incident.id} />}

      {(incident.online || data.messages.length > 0 || incident.channel === 'social_media' || incident.channel === 'email') && (
        <section aria-labelledby="online-heading" id="online-log">
          <Heading level={2} id="online-heading">
            {t('incident.online_log')}
          </Heading>
          <Table
            caption={t('incident.online_log')}
            captionHidden
            empty={t('incident.online_none')}
            rows={data.messages}
            columns={[
              { header: t('incident.message_sent_at'), cell: (m) => formatDateTime(m.sentAt, view.lang) },
              { header: t('report.account'), cell: (m) => m.account ?? none },
              {
                header: t('incident.message_url'),
                breakWords: true,
                cell: (m) =>
                  m.url ? (
                    <Link href={m.url} external>
                      {m.url}
                    </Link>
                  ) : (
                    none
                  ),
              },
              { header: t('incident.message_content'), cell: (m) => m.content ?? none },
            ]}
          />
          {canAdd && (
            <Form view={view} action={`${path}/online-messages`}>
              <Paragraph>{t('incident.online_log_intro')}</Paragraph>
              <div class="wb-field-row">
                <Input view={view} name="sentDate" type="date" label={t('report.date')} value={values.sentDate ?? ''} errors={errors} />
                <Input view={view} name="sentTime" type="time" label={t('report.time')} value={values.sentTime ?? ''} errors={errors} />
              </div>
              <TextField
                view={view}
                name="account"
                label={t('report.account')}
                value={values.account ?? incident.online?.account ?? ''}
                errors={errors}
              />
              {/* Text, not type=url: the browser would refuse an address without https:// that the server completes. */}
              <TextField view={view} name="url" inputMode="url" label={t('incident.message_url')} value={values.url} errors={errors} />
              <TextArea view={view} name="content" label={t('incident.message_content')} value={values.content} errors={errors} rows={3} />
              <ButtonRow>
                <Button variant="secondary">{t('incident.message_add')}</Button>
              </ButtonRow>
            </Form>
          )}
        </section>
      )}

      <section aria-labelledby="evidence-heading">
        <Heading level={2} id="evidence-heading">
          {t('incident.evidence')}
        </Heading>
        <Paragraph>{t('incident.evidence_intro')}</Paragraph>
        {data.evidence.length === 0 ? (
          <Paragraph>{t('incident.evidence_none')}</Paragraph>
        ) : (
          <UnorderedList>
            {data.evidence.map((e) => (
              <ListItem>
                <Link href={`${path}/evidence/${e.id}`}>{e.fileName}</Link> ({e.mediaType}, {kilobytes(e.sizeBytes)}) — {e.uploadedBy.name},{' '}
                {formatDateTime(e.uploadedAt, view.lang)}
                <br />
                {t('incident.evidence_hash')}: <Code breakAll>{e.sha256}</Code>
              </ListItem>
            ))}
          </UnorderedList>
        )}
        {canAdd && (
          <form method="post" action={`${path}/evidence`} enctype="multipart/form-data" class="wb-form">
            {/* Before the file: the server reads the token even when the file is refused (too large). */}
            <input type="hidden" name="_csrf" value={view.csrfToken} />
            <Input
              view={view}
              name="file"
              type="file"
              label={t('incident.evidence_file')}
              errors={errors}
              accept="image/*,application/pdf,.eml,message/rfc822"
            />
            <ButtonRow>
              <Button variant="secondary">{t('incident.evidence_upload')}</Button>
            </ButtonRow>
          </form>
        )}
      </section>

      {abilities.includes('grant_access') && (
        <section aria-labelledby="grant-heading">
          <Heading level={2} id="grant-heading">
            {t('incident.grant')}
          </Heading>
          <Form view={view} action={`${path}/access`}>
            <Select
              view={view}
              name="userId"
              label={t('incident.grant_person')}
              value={values.userId}
              errors={errors}
              options={[
                // No one chosen beforehand: access is given on purpose, never by leaving the first name selected.
                { value: '', label: t('incident.grant_choose') },
                ...data.people
                  .filter((p) => p.active && p.id !== view.who?.user.id)
                  .map((p) => ({ value: p.id, label: `${p.name} (${p.roles.map((r) => t(`role.${r}`)).join(', ')})` })),
              ]}
            />
            <ButtonRow>
              <Button variant="secondary">{t('incident.grant_submit')}</Button>
            </ButtonRow>
          </Form>
        </section>
      )}

      {data.deadlines.length > 0 && (
        <section aria-labelledby="deadlines-heading">
          <Heading level={2} id="deadlines-heading">
            {t('incident.deadlines')}
          </Heading>
          <DeadlineTable view={view} deadlines={data.deadlines} caption={t('incident.deadlines')} />
        </section>
      )}

      <section aria-labelledby="timeline-heading">
        <Heading level={2} id="timeline-heading">
          {t('incident.timeline')}
        </Heading>
        <ol class="wb-timeline">
          {data.timeline.map((e) => (
            <li>
              <time dateTime={e.at.toISOString()}>{formatDateTime(e.at, view.lang)}</time> — {eventText(view, e, names)}
              {e.actor && ` (${e.actor.name})`}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}

/**
 * Everything the page shows, in the request's one transaction: the visibility check once,
 * then the parts. Opening the incident reads its notifications; the read is audited last
 * (the audit chain's lock is held until commit).
 */
async function load(tx: Tx, who: SignedIn, id: string): Promise<DetailData> {
  const { incident, access } = await visibleIncident(tx, who, id);
  const data: DetailData = {
    who,
    incident,
    access,
    messages: await onlineMessages(tx, id),
    evidence: await evidenceOf(tx, id),
    timeline: await timeline(tx, id),
    people: await listUsers(tx),
    deadlines: await deadlinesOfIncident(tx, id),
    mayHold: await mayHold(tx, who, id),
  };
  await markInboxReadFor(tx, who, { incidentId: id });
  await auditIncidentRead(tx, who, id);
  return data;
}

const statusForm = z.object({
  transition: formChoice(['submit', 'start', 'close', 'reopen'] as const, 'error.transition_invalid'),
  reason: formOptional(2000),
});

const onlineMessageForm = withMoment(
  z.object({
    sentDate: formText(),
    sentTime: formText(),
    account: formOptional(200),
    // As people paste it: "x.com/…" gets the https:// a browser would add.
    url: formOptional(2000)
      .transform((v) => (v ? withScheme(v) : v))
      .pipe(z.url({ protocol: /^https?$/, error: 'error.url_invalid' }).optional()),
    content: formOptional(10_000),
  }),
  'sentAt',
  'sentDate',
  'sentTime',
  'error.sent_at_invalid',
);

const grantForm = z.object({ userId: formId('error.user_unknown') });

export function incidentDetailRoutes(app: FastifyInstance, db: Db, store: EvidenceStore) {
  pageRoute(app, db, {
    url: '/incidents/:id',
    params: idParams,
    handler: async ({ tx, who, params, view, request }) => {
      const data = await load(tx, who, params.id);
      // Right after sending, the notice says who was informed, by name and role.
      const informed = informedPeople(data);
      const justReported = (request.query as Record<string, unknown>).notice === 'report.done' && informed.length > 0;
      const shown = justReported ? { ...view, notice: view.t('report.done_informed', { informed: namesWithRoles(view, informed) }) } : view;
      return <DetailPage view={shown} data={data} errors={{}} values={{}} />;
    },
  });

  // A sub-form that fails comes back as the incident page, whose frame (language switch) it belongs to.
  const again = async ({
    tx,
    who,
    params,
    view,
    errors,
    values,
  }: {
    tx: Tx;
    who: SignedIn;
    params: { id: string };
    view: View;
    errors: FieldErrors;
    values: Record<string, string>;
  }) => (
    <DetailPage view={{ ...view, path: `/incidents/${params.id}` }} data={await load(tx, who, params.id)} errors={errors} values={values} />
  );

  formRoute(app, db, {
    url: '/incidents/:id/status',
    params: idParams,
    form: statusForm,
    generalField: 'reason',
    render: again,
    command: async ({ tx, who, params, form }) => {
      await changeStatus(tx, who, params.id, form);
      return `/incidents/${params.id}?notice=incident.status_changed`;
    },
  });

  formRoute(app, db, {
    url: '/incidents/:id/online-messages',
    params: idParams,
    form: onlineMessageForm,
    generalField: 'content',
    fieldNames: { sentAt: 'sentDate' },
    render: again,
    command: async ({ tx, who, params, form }) => {
      await addOnlineMessage(tx, who, params.id, { sentAt: form.sentAt, account: form.account, url: form.url, content: form.content });
      // Back to the log, where the new message now stands, not to the top of the page.
      return `/incidents/${params.id}?notice=incident.message_added#online-log`;
    },
  });

  formRoute(app, db, {
    url: '/incidents/:id/evidence',
    params: idParams,
    upload: true,
    form: z.object({}).loose(),
    generalField: 'file',
    render: again,
    command: async ({ tx, who, params, file }) => {
      if (!file) return `/incidents/${params.id}`;
      await uploadEvidence(tx, store, who, params.id, file);
      return `/incidents/${params.id}?notice=incident.evidence_added`;
    },
  });

  pageRoute(app, db, {
    url: '/incidents/:id/evidence/:evidenceId',
    params: z.object({ id: z.uuid(), evidenceId: z.uuid() }),
    handler: async ({ tx, who, params, reply }) => {
      const { evidence, bytes } = await readEvidence(tx, store, who, params.id, params.evidenceId);
      // Sent after the commit, so the download never leaves before its audit line.
      return sendFile(reply, evidence, bytes);
    },
  });

  formRoute(app, db, {
    url: '/incidents/:id/access',
    params: idParams,
    form: grantForm,
    generalField: 'userId',
    render: again,
    command: async ({ tx, who, params, form }) => {
      await grantExtraAccess(tx, who, params.id, form.userId);
      return `/incidents/${params.id}?notice=incident.granted`;
    },
  });
}
