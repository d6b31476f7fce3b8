import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../../db/database.js';
import type { SignedIn } from '../../../domain/auth/session.js';
import { SESSION_KINDS, TOPICS, newSessionSchema, newTermSchema, type TrainingSession } from '../../../domain/training/training.js';
import { canTraining } from '../../../domain/training/training.policy.js';
import {
  addDiscussedIncident,
  registerDue,
  getTrainingSession,
  invitablePeople,
  listTerms,
  listTrainingSessions,
  ownSessions,
  planSession,
  recordSessionHeld,
  recordTerm,
  type OwnSessions,
  type SessionRead,
  type SessionSummary,
} from '../../../domain/training/training-sessions.js';
import { OFFICE_HOLDER_ROLES, type Role } from '../../../domain/user/roles.js';
import { amsterdamToday } from '../../../time/amsterdam.js';
import {
  Button,
  ButtonRow,
  Checkbox,
  CheckboxGroup,
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
  RadioGroup,
  Table,
  TextArea,
  TextField,
  UnorderedList,
  type FieldErrors,
} from '../../components/index.js';
import type { View } from '../../components/view.js';
import { formatDay } from '../../displayed.js';
import { formCheckbox, formCheckboxes, formChoice, formDate, formOptional, formRequired } from '../../forms.js';
import { formatDateTime } from '../../i18n/index.js';
import { idParams } from '../../pipeline/api-route.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';

type Person = { id: string; name: string; roles: string[] };
type Values = Record<string, string>;

const first = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
/** People ticked in a form: ids, each checked by the use case. */
const formIds = (message: string) => z.preprocess(first, z.array(z.uuid({ error: message })).max(500, message));

function SessionLine({ view, s }: { view: View; s: SessionSummary }) {
  const t = view.t;
  const counts =
    s.heldAt !== null
      ? t('training.attendance_count', {
          attended: String(s.invitees.filter((i) => i.attended === true).length),
          invited: String(s.invitees.length),
        })
      : t('training.invited_count', { invited: String(s.invitees.length) });
  return (
    <ListItem>
      <Link href={`/training/${s.id}`}>
        {t('training.session_line', { title: s.title, kind: t(`training.kind.${s.kind}`), date: formatDay(s.plannedOn, view.lang) })}
      </Link>{' '}
      ({counts})
    </ListItem>
  );
}

function Sessions({ view, items, empty }: { view: View; items: SessionSummary[]; empty: string }) {
  if (items.length === 0) return <Paragraph>{empty}</Paragraph>;
  return (
    <UnorderedList>
      {items.map((s) => (
        <SessionLine view={view} s={s} />
      ))}
    </UnorderedList>
  );
}

interface RegisterData {
  sessions: SessionSummary[];
  terms: Awaited<ReturnType<typeof listTerms>>;
  due: Awaited<ReturnType<typeof registerDue>>;
  people: Person[];
}

async function registerData(tx: Tx, who: SignedIn): Promise<RegisterData> {
  const manages = canTraining(who.user.roles, 'training.manage');
  return {
    sessions: await listTrainingSessions(tx, who),
    terms: await listTerms(tx, who),
    due: await registerDue(tx, who),
    people: manages ? await invitablePeople(tx, who) : [],
  };
}

function RegisterPage({ view, data, values, errors }: { view: View; data: RegisterData; values: Values; errors: FieldErrors }) {
  const t = view.t;
  const manages = canTraining(view.who!.user.roles, 'training.manage');
  const coming = data.sessions.filter((s) => !s.heldAt).reverse();
  const held = data.sessions.filter((s) => s.heldAt);
  return (
    <Layout view={view} title={t('training.title')}>
      <Paragraph>{t('training.intro')}</Paragraph>
      {data.due.length > 0 && (
        <UnorderedList>
          {data.due.map((d) => (
            <ListItem>
              <strong>{t('training.due', { task: t(`deadline.${d.kind}`), date: formatDateTime(d.dueAt, view.lang) })}</strong>
            </ListItem>
          ))}
        </UnorderedList>
      )}
      <Heading level={2}>{t('training.coming')}</Heading>
      <Sessions view={view} items={coming} empty={t('training.none_coming')} />
      <Heading level={2}>{t('training.held')}</Heading>
      <Sessions view={view} items={held} empty={t('training.none_held')} />

      <ErrorSummary view={view} errors={errors} />
      {manages && (
        <>
          <Heading level={2}>{t('training.new')}</Heading>
          <Form view={view} action="/training">
            <RadioGroup
              view={view}
              name="kind"
              legend={t('training.field.kind')}
              value={values.kind}
              errors={errors}
              options={SESSION_KINDS.map((k) => ({ value: k, label: t(`training.kind.${k}`), hint: t(`training.kind.${k}.hint`) }))}
            />
            <TextField
              view={view}
              name="title"
              label={t('training.field.title')}
              hint={t('training.field.title_hint')}
              value={values.title ?? ''}
              errors={errors}
              required
            />
            <Input
              view={view}
              name="plannedOn"
              type="date"
              label={t('training.field.planned_on')}
              value={values.plannedOn ?? ''}
              errors={errors}
              required
            />
            <TextField view={view} name="location" label={t('training.field.location')} value={values.location ?? ''} errors={errors} />
            <TextField
              view={view}
              name="provider"
              label={t('training.field.provider')}
              hint={t('training.field.provider_hint')}
              value={values.provider ?? ''}
              errors={errors}
            />
            <CheckboxGroup
              view={view}
              name="topics"
              legend={t('training.field.topics')}
              options={TOPICS.map((topic) => ({ value: topic, label: t(`training.topic.${topic}`) }))}
              checked={[]}
              errors={errors}
            />
            <Checkbox name="withOfficials" label={t('training.field.with_officials')} checked={values.withOfficials === 'on'} />
            <Checkbox
              name="inviteOfficeHolders"
              label={t('training.field.invite_office_holders')}
              checked={values.inviteOfficeHolders === 'on'}
            />
            <CheckboxGroup
              view={view}
              name="invitedIds"
              legend={t('training.field.invited')}
              options={data.people.map((p) => ({ value: p.id, label: p.name }))}
              checked={[]}
              errors={errors}
            />
            <TextArea
              view={view}
              name="description"
              label={t('training.field.description')}
              value={values.description ?? ''}
              errors={errors}
              rows={3}
            />
            <ButtonRow>
              <Button variant="primary">{t('training.plan')}</Button>
            </ButtonRow>
          </Form>
        </>
      )}

      <Heading level={2}>{t('training.terms')}</Heading>
      {data.terms.length === 0 ? (
        <Paragraph>{t('training.no_terms')}</Paragraph>
      ) : (
        <UnorderedList>
          {data.terms.map((term) => (
            <ListItem>{t('training.term_started', { date: formatDay(term.startsOn, view.lang) })}</ListItem>
          ))}
        </UnorderedList>
      )}
      {manages && (
        <Form view={view} action="/training/terms">
          <Input
            view={view}
            name="startsOn"
            type="date"
            label={t('training.field.starts_on')}
            value={values.startsOn ?? ''}
            errors={errors}
            required
          />
          <ButtonRow>
            <Button variant="secondary">{t('training.record_term')}</Button>
          </ButtonRow>
        </Form>
      )}

      <Heading level={2}>{t('training.other_pages')}</Heading>
      <UnorderedList>
        {canTraining(view.who!.user.roles, 'training.own') && (
          <ListItem>
            <Link href="/training/mine">{t('training.to_mine')}</Link>
          </ListItem>
        )}
        <ListItem>
          <Link href="/evaluations">{t('training.to_evaluations')}</Link>
        </ListItem>
        <ListItem>
          <Link href="/protocol">{t('training.to_protocol')}</Link>
        </ListItem>
      </UnorderedList>
    </Layout>
  );
}

const yesNo = (view: View, v: boolean) => view.t(v ? 'training.yes' : 'training.no');

function SessionPage({ view, s, people, errors }: { view: View; s: SessionRead; people: Person[]; errors: FieldErrors }) {
  const t = view.t;
  const manages = canTraining(view.who!.user.roles, 'training.manage');
  const due = s.plannedOn <= amsterdamToday();
  const invitedIds = new Set(s.invitees.map((i) => i.id));
  // Invitees first, then everyone else who may have come.
  const attendable = [...s.invitees.map((i) => ({ id: i.id, name: i.name })), ...people.filter((p) => !invitedIds.has(p.id))];
  return (
    <Layout view={view} title={s.title}>
      <Paragraph>
        <Link href="/training">{t('training.back')}</Link>
      </Paragraph>
      <DataList>
        <DataRow label={t('training.detail.kind')}>{t(`training.kind.${s.kind}`)}</DataRow>
        <DataRow label={t('training.detail.date')}>
          <time dateTime={s.plannedOn}>{formatDay(s.plannedOn, view.lang)}</time>
        </DataRow>
        <DataRow label={t('training.detail.state')}>{t(`training.state.${s.heldAt ? 'held' : 'planned'}`)}</DataRow>
        {s.location && <DataRow label={t('training.detail.location')}>{s.location}</DataRow>}
        {s.provider && <DataRow label={t('training.detail.provider')}>{s.provider}</DataRow>}
        <DataRow label={t('training.detail.topics')}>{s.topics.map((topic) => t(`training.topic.${topic}`)).join('; ')}</DataRow>
        {s.kind === 'casuistry' && <DataRow label={t('training.detail.with_officials')}>{yesNo(view, s.withOfficials)}</DataRow>}
        {s.description && (
          <DataRow label={t('training.detail.description')} keepLineBreaks>
            {s.description}
          </DataRow>
        )}
        {s.heldAt && (
          <DataRow label={t('training.detail.agreements')} keepLineBreaks>
            {s.agreements ?? '—'}
          </DataRow>
        )}
        {s.heldAt && s.kind === 'casuistry' && (
          <DataRow label={t('training.detail.adjust_protocol')}>
            {t(s.adjustProtocol ? 'training.adjust_protocol_yes' : 'training.adjust_protocol_no')}
          </DataRow>
        )}
      </DataList>

      <Heading level={2}>{t('training.invitees')}</Heading>
      {s.invitees.length === 0 ? (
        <Paragraph>{t('training.no_invitees')}</Paragraph>
      ) : (
        <UnorderedList>
          {s.invitees.map((i) => (
            <ListItem>
              {i.name}:{' '}
              {t(i.attended === null ? 'training.attended.unknown' : i.attended ? 'training.attended.yes' : 'training.attended.no')}
            </ListItem>
          ))}
        </UnorderedList>
      )}

      <ErrorSummary view={view} errors={errors} />
      {s.kind === 'casuistry' && (
        <>
          <Heading level={2}>{t('training.discussed')}</Heading>
          <Paragraph>{t('training.discussed_hint')}</Paragraph>
          <Table
            caption={t('training.discussed')}
            captionHidden
            rows={s.incidents}
            empty={t('training.none_discussed')}
            columns={[
              { header: t('training.col.month'), cell: (i) => monthLabel(i.month, view), rowHeader: true },
              { header: t('training.col.level'), cell: (i) => t(`level.${i.level}`) },
              { header: t('training.col.channel'), cell: (i) => t(`channel.${i.channel}`) },
              { header: t('training.col.behaviours'), cell: (i) => i.behaviours.map((b) => t(`behaviour.${b}`)).join(', ') },
            ]}
          />
          {manages && (
            <Form view={view} action={`/training/${s.id}/incidents`}>
              <TextField
                view={view}
                name="incident"
                label={t('training.field.incident')}
                hint={t('training.field.incident_hint')}
                errors={errors}
                required
              />
              <ButtonRow>
                <Button variant="secondary">{t('training.add')}</Button>
              </ButtonRow>
            </Form>
          )}
        </>
      )}

      {manages && (
        <>
          <Heading level={2}>{t('training.record_held')}</Heading>
          {!due ? (
            <Paragraph>{t('training.not_yet')}</Paragraph>
          ) : (
            <Form view={view} action={`/training/${s.id}/attendance`}>
              <Paragraph>{t('training.record_held_hint')}</Paragraph>
              <CheckboxGroup
                view={view}
                name="attendedIds"
                legend={t('training.field.attended')}
                options={attendable.map((p) => ({ value: p.id, label: p.name }))}
                checked={s.invitees.filter((i) => i.attended === true).map((i) => i.id)}
                errors={errors}
              />
              <TextArea
                view={view}
                name="agreements"
                label={t('training.field.agreements')}
                value={s.agreements ?? ''}
                errors={errors}
                rows={4}
              />
              {s.kind === 'casuistry' && (
                <Checkbox name="adjustProtocol" label={t('training.field.adjust_protocol')} checked={s.adjustProtocol} />
              )}
              <ButtonRow>
                <Button variant="primary">{t('training.save_held')}</Button>
              </ButtonRow>
            </Form>
          )}
        </>
      )}
    </Layout>
  );
}

function OwnList({ view, items, empty }: { view: View; items: OwnSessions['coming']; empty: string }) {
  const t = view.t;
  if (items.length === 0) return <Paragraph>{empty}</Paragraph>;
  return (
    <UnorderedList>
      {items.map((s: TrainingSession) => (
        <ListItem>
          {t('training.session_line', { title: s.title, kind: t(`training.kind.${s.kind}`), date: formatDay(s.plannedOn, view.lang) })}
          {s.location ? ` — ${s.location}` : ''}
        </ListItem>
      ))}
    </UnorderedList>
  );
}

function OwnPage({ view, own }: { view: View; own: OwnSessions }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('training.mine.title')}>
      <Paragraph>{t('training.mine.intro')}</Paragraph>
      <Heading level={2}>{t('training.mine.coming')}</Heading>
      <OwnList view={view} items={own.coming} empty={t('training.mine.none_coming')} />
      <Heading level={2}>{t('training.mine.attended')}</Heading>
      <OwnList view={view} items={own.attended} empty={t('training.mine.none_attended')} />
      <Heading level={2}>{t('training.mine.missed')}</Heading>
      <OwnList view={view} items={own.missed} empty={t('training.mine.none_missed')} />
    </Layout>
  );
}

const monthFormats = {
  nl: new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', month: 'long', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }),
};
/** "2026-10" as "oktober 2026". */
const monthLabel = (month: string, view: View) => monthFormats[view.lang].format(new Date(`${month}-15T12:00:00Z`));

const termForm = z.object({ startsOn: formDate('error.training_term_date').pipe(newTermSchema.shape.startsOn) });
const planForm = z.object({
  kind: formChoice(SESSION_KINDS, 'error.training_kind'),
  title: formRequired('error.training_title_required', 300),
  plannedOn: formDate('error.training_date').pipe(newSessionSchema.shape.plannedOn),
  location: formOptional(300),
  provider: formOptional(300),
  description: formOptional(5000),
  topics: formCheckboxes(TOPICS, 'error.training_topic'),
  withOfficials: formCheckbox(),
  inviteOfficeHolders: formCheckbox(),
  invitedIds: formIds('error.training_person_unknown'),
});
const attendanceForm = z.object({
  attendedIds: formIds('error.training_person_unknown'),
  agreements: formOptional(10_000),
  adjustProtocol: formCheckbox(),
});
const incidentForm = z.object({ incident: formRequired('error.training_incident_unknown', 100) });

/** The dialogue and training register's pages: the register for its keepers and the mayor, and everyone's own sessions. */
export function trainingPageRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/training',
    handler: async ({ tx, who, view }) => <RegisterPage view={view} data={await registerData(tx, who)} values={{}} errors={{}} />,
  });
  const register = async ({
    tx,
    who,
    view,
    errors,
    values,
  }: {
    tx: Tx;
    who: SignedIn | undefined;
    view: View;
    errors: FieldErrors;
    values: Values;
  }) => <RegisterPage view={view} data={await registerData(tx, who!)} values={values} errors={errors} />;
  formRoute(app, db, {
    url: '/training',
    form: planForm,
    generalField: 'title',
    command: async ({ tx, who, form }) => {
      const officeHolders = form.inviteOfficeHolders
        ? (await invitablePeople(tx, who)).filter((p) =>
            p.roles.some((r) => (OFFICE_HOLDER_ROLES as readonly string[]).includes(r as Role)),
          )
        : [];
      const id = await planSession(tx, who, {
        kind: form.kind,
        title: form.title,
        plannedOn: form.plannedOn,
        location: form.location,
        provider: form.provider,
        description: form.description,
        topics: form.topics,
        withOfficials: form.withOfficials,
        invitedIds: [...new Set([...form.invitedIds, ...officeHolders.map((p) => p.id)])],
      });
      return `/training/${id}`;
    },
    render: register,
  });
  formRoute(app, db, {
    url: '/training/terms',
    form: termForm,
    generalField: 'startsOn',
    command: async ({ tx, who, form }) => {
      await recordTerm(tx, who, form);
      return '/training';
    },
    render: register,
  });

  pageRoute(app, db, {
    url: '/training/mine',
    handler: async ({ tx, who, view }) => <OwnPage view={view} own={await ownSessions(tx, who)} />,
  });

  const sessionPage = async (tx: Tx, who: SignedIn, view: View, id: string, errors: FieldErrors) => {
    const s = await getTrainingSession(tx, who, id);
    const people = canTraining(who.user.roles, 'training.manage') ? await invitablePeople(tx, who) : [];
    return <SessionPage view={view} s={s} people={people} errors={errors} />;
  };
  pageRoute(app, db, {
    url: '/training/:id',
    params: idParams,
    handler: async ({ tx, who, view, params }) => sessionPage(tx, who, view, params.id, {}),
  });
  formRoute(app, db, {
    url: '/training/:id/attendance',
    params: idParams,
    form: attendanceForm,
    generalField: 'attendedIds',
    command: async ({ tx, who, params, form }) => {
      await recordSessionHeld(tx, who, params.id, {
        attendedIds: form.attendedIds,
        agreements: form.agreements,
        adjustProtocol: form.adjustProtocol,
      });
      return `/training/${params.id}`;
    },
    render: async ({ tx, who, view, params, errors }) => sessionPage(tx, who!, view, params.id, errors),
  });
  formRoute(app, db, {
    url: '/training/:id/incidents',
    params: idParams,
    form: incidentForm,
    generalField: 'incident',
    command: async ({ tx, who, params, form }) => {
      await addDiscussedIncident(tx, who, params.id, form.incident);
      return `/training/${params.id}`;
    },
    render: async ({ tx, who, view, params, errors }) => sessionPage(tx, who!, view, params.id, errors),
  });
}
