import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../../db/database.js';
import type { SignedIn } from '../../../domain/auth/session.js';
import { newProtocolVersionSchema, type ProtocolEvaluation, type ProtocolVersion } from '../../../domain/evaluation/evaluation.js';
import { canEvaluation } from '../../../domain/evaluation/evaluation.policy.js';
import {
  addProtocolVersion,
  adoptYearEvaluation,
  currentProtocol,
  getEvaluation,
  listEvaluations,
  listProtocolVersions,
  openEvaluation,
  writeEvaluation,
  type EvaluationRead,
} from '../../../domain/evaluation/evaluations.js';
import { amsterdamToday } from '../../../time/amsterdam.js';
import {
  Button,
  ButtonRow,
  ErrorSummary,
  Form,
  Heading,
  Input,
  Layout,
  Link,
  ListItem,
  Paragraph,
  Table,
  TextArea,
  TextField,
  UnorderedList,
  type FieldErrors,
} from '../../components/index.js';
import type { View } from '../../components/view.js';
import { formatDay } from '../../displayed.js';
import { formDate, formInteger, formOptional, formRequired } from '../../forms.js';
import { formatDateTime } from '../../i18n/index.js';
import { idParams } from '../../pipeline/api-route.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';

type Values = Record<string, string>;

/** A long text as paragraphs, split at empty lines. */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .filter((p) => p.trim() !== '')
        .map((p) => (
          <p class="utrecht-paragraph wb-pre">{p.trim()}</p>
        ))}
    </>
  );
}

function EvaluationsPage({
  view,
  items,
  values,
  errors,
}: {
  view: View;
  items: ProtocolEvaluation[];
  values: Values;
  errors: FieldErrors;
}) {
  const t = view.t;
  return (
    <Layout view={view} title={t('evaluation.title')}>
      <Paragraph>{t('evaluation.intro')}</Paragraph>
      {items.length === 0 ? (
        <Paragraph>{t('evaluation.none')}</Paragraph>
      ) : (
        <UnorderedList>
          {items.map((e) => (
            <ListItem>
              <Link href={`/evaluations/${e.id}`}>{t('evaluation.year_title', { year: String(e.year) })}</Link> (
              {t(e.adoptedAt ? 'evaluation.adopted' : 'evaluation.draft')})
            </ListItem>
          ))}
        </UnorderedList>
      )}
      {canEvaluation(view.who!.user.roles, 'evaluation.manage') && (
        <>
          <Heading level={2}>{t('evaluation.new')}</Heading>
          <ErrorSummary view={view} errors={errors} />
          <Form view={view} action="/evaluations">
            <TextField
              view={view}
              name="year"
              label={t('evaluation.field.year')}
              value={values.year ?? String(Number(amsterdamToday().slice(0, 4)) - 1)}
              errors={errors}
              inputMode="numeric"
              required
            />
            <ButtonRow>
              <Button variant="primary">{t('evaluation.open')}</Button>
            </ButtonRow>
          </Form>
        </>
      )}
      <Paragraph>
        <Link href="/protocol">{t('training.to_protocol')}</Link> · <Link href="/training">{t('training.title')}</Link>
      </Paragraph>
    </Layout>
  );
}

function EvaluationPage({ view, read, errors }: { view: View; read: EvaluationRead; errors: FieldErrors }) {
  const t = view.t;
  const e = read.evaluation;
  const f = read.figures;
  const editable = canEvaluation(view.who!.user.roles, 'evaluation.manage') && !e.adoptedAt;
  const figureRows: [string, number][] = [
    [t('evaluation.total'), f.total],
    [t('evaluation.previous_total'), f.previousTotal],
    [t('evaluation.online'), f.online],
    [t('evaluation.repeat'), f.repeatPerpetrators],
    [t('evaluation.police_reports'), f.policeReports],
    [t('evaluation.bans'), f.bansInForce],
    ...f.byLevel.map((c): [string, number] => [`${t('evaluation.by_level')}: ${t(`level.${c.key as 'threat'}`)}`, c.count]),
    ...f.byChannel.map((c): [string, number] => [`${t('evaluation.by_channel')}: ${t(`channel.${c.key as 'phone'}`)}`, c.count]),
  ];
  const sessions = { term_start: 0, casuistry: 0, training: 0 };
  for (const s of read.sessions) sessions[s.kind]++;
  return (
    <Layout view={view} title={t('evaluation.year_title', { year: String(e.year) })}>
      <Paragraph>
        <Link href="/evaluations">{t('evaluation.back')}</Link>
      </Paragraph>
      {e.adoptedAt && (
        <Paragraph>{t('evaluation.adopted_by', { by: e.decidedBy ?? '', date: formatDateTime(e.adoptedAt, view.lang) })}</Paragraph>
      )}

      <Heading level={2}>{t('evaluation.figures')}</Heading>
      <Paragraph>
        {e.adoptedAt ? t('evaluation.figures_kept', { date: formatDateTime(e.adoptedAt, view.lang) }) : t('evaluation.figures_hint')}
      </Paragraph>
      <Table
        caption={t('evaluation.figures')}
        captionHidden
        rows={figureRows}
        columns={[
          { header: t('evaluation.figure'), cell: ([label]) => label, rowHeader: true },
          { header: t('evaluation.count'), cell: ([, n]) => String(n), numeric: true },
        ]}
      />

      <Heading level={2}>{t('evaluation.sessions')}</Heading>
      <UnorderedList>
        {(['term_start', 'casuistry', 'training'] as const).map((kind) => (
          <ListItem>{t('evaluation.sessions_line', { kind: t(`training.kind.${kind}`), count: String(sessions[kind]) })}</ListItem>
        ))}
      </UnorderedList>

      <Heading level={2}>{t('evaluation.casuistry')}</Heading>
      {read.casuistry.length === 0 ? (
        <Paragraph>{t('evaluation.no_casuistry')}</Paragraph>
      ) : (
        read.casuistry.map((s) => (
          <>
            <Heading level={3}>
              <Link href={`/training/${s.id}`}>
                {s.title} ({formatDay(s.plannedOn, view.lang)})
              </Link>
            </Heading>
            {s.agreements ? <Paragraphs text={s.agreements} /> : <Paragraph>{t('evaluation.no_agreements')}</Paragraph>}
            {s.adjustProtocol && (
              <Paragraph>
                <strong>{t('training.adjust_protocol_yes')}</strong>
              </Paragraph>
            )}
          </>
        ))
      )}

      <Heading level={2}>{t('evaluation.risks')}</Heading>
      {read.risks.length === 0 ? (
        <Paragraph>{t('evaluation.no_risks')}</Paragraph>
      ) : (
        <UnorderedList>
          {read.risks.map((r) => (
            <ListItem>
              {t(`evaluation.risk_kind.${r.kind}`)}: {r.title} ({formatDateTime(r.startsAt, view.lang)}) —{' '}
              {r.level ? t('evaluation.risk_level', { level: t(`risk.level.${r.level}`) }) : t('evaluation.risk_not_assessed')};{' '}
              {r.evaluation ?? t('evaluation.risk_not_evaluated')}
            </ListItem>
          ))}
        </UnorderedList>
      )}

      <Heading level={2}>{t('evaluation.versions')}</Heading>
      {read.versions.length === 0 ? (
        <Paragraph>{t('evaluation.no_versions')}</Paragraph>
      ) : (
        <UnorderedList>
          {read.versions.map((v) => (
            <ListItem>
              {t('protocol.version_line', {
                version: String(v.version),
                date: formatDay(v.decidedOn, view.lang),
                by: v.decidedBy,
                changes: v.changes,
              })}
            </ListItem>
          ))}
        </UnorderedList>
      )}

      <ErrorSummary view={view} errors={errors} />
      {editable ? (
        <>
          <Form view={view} action={`/evaluations/${e.id}`}>
            <TextArea
              view={view}
              name="conclusions"
              label={t('evaluation.field.conclusions')}
              value={e.conclusions ?? ''}
              errors={errors}
              rows={5}
            />
            <TextArea
              view={view}
              name="decidedChanges"
              label={t('evaluation.field.decided_changes')}
              value={e.decidedChanges ?? ''}
              errors={errors}
              rows={5}
            />
            <ButtonRow>
              <Button variant="primary">{t('evaluation.save')}</Button>
            </ButtonRow>
          </Form>
          <Heading level={2}>{t('evaluation.adopt')}</Heading>
          <Paragraph>{t('evaluation.adopt_hint')}</Paragraph>
          <Form view={view} action={`/evaluations/${e.id}/adoption`}>
            <TextField view={view} name="decidedBy" label={t('evaluation.field.decided_by')} errors={errors} required />
            <ButtonRow>
              <Button variant="secondary">{t('evaluation.adopt')}</Button>
            </ButtonRow>
          </Form>
        </>
      ) : (
        <>
          <Heading level={2}>{t('evaluation.conclusions')}</Heading>
          {e.conclusions ? <Paragraphs text={e.conclusions} /> : <Paragraph>{t('evaluation.not_written')}</Paragraph>}
          <Heading level={2}>{t('evaluation.decided_changes')}</Heading>
          {e.decidedChanges ? <Paragraphs text={e.decidedChanges} /> : <Paragraph>{t('evaluation.not_written')}</Paragraph>}
        </>
      )}
    </Layout>
  );
}

function ProtocolPage({
  view,
  current,
  versions,
  values,
  errors,
}: {
  view: View;
  current: ProtocolVersion | undefined;
  versions: ProtocolVersion[] | undefined;
  values: Values;
  errors: FieldErrors;
}) {
  const t = view.t;
  return (
    <Layout view={view} title={t('protocol.title')}>
      {current ? (
        <>
          <Paragraph>
            {t('protocol.current', {
              version: String(current.version),
              date: formatDay(current.decidedOn, view.lang),
              by: current.decidedBy,
            })}
          </Paragraph>
          <Heading level={2}>{t('protocol.summary')}</Heading>
          <Paragraphs text={current.summary} />
          <Heading level={2}>{t('protocol.body')}</Heading>
          <Paragraphs text={current.body} />
        </>
      ) : (
        <Paragraph>{t('protocol.none')}</Paragraph>
      )}
      {versions && versions.length > 0 && (
        <>
          <Heading level={2}>{t('protocol.versions')}</Heading>
          <UnorderedList>
            {versions.map((v) => (
              <ListItem>
                {t('protocol.version_line', {
                  version: String(v.version),
                  date: formatDay(v.decidedOn, view.lang),
                  by: v.decidedBy,
                  changes: v.changes,
                })}
              </ListItem>
            ))}
          </UnorderedList>
        </>
      )}
      {canEvaluation(view.who!.user.roles, 'evaluation.manage') && (
        <>
          <Heading level={2}>{t('protocol.new')}</Heading>
          <ErrorSummary view={view} errors={errors} />
          <Form view={view} action="/protocol">
            <TextArea
              view={view}
              name="summary"
              label={t('protocol.field.summary')}
              hint={t('protocol.field.summary_hint')}
              value={values.summary ?? current?.summary ?? ''}
              errors={errors}
              rows={3}
              required
            />
            <TextArea
              view={view}
              name="body"
              label={t('protocol.field.body')}
              value={values.body ?? current?.body ?? ''}
              errors={errors}
              rows={12}
              required
            />
            <TextArea
              view={view}
              name="changes"
              label={t('protocol.field.changes')}
              value={values.changes ?? ''}
              errors={errors}
              rows={3}
              required
            />
            <Input
              view={view}
              name="decidedOn"
              type="date"
              label={t('protocol.field.decided_on')}
              value={values.decidedOn ?? ''}
              errors={errors}
              required
            />
            <TextField
              view={view}
              name="decidedBy"
              label={t('protocol.field.decided_by')}
              hint={t('protocol.field.decided_by_hint')}
              value={values.decidedBy ?? ''}
              errors={errors}
              required
            />
            <ButtonRow>
              <Button variant="primary">{t('protocol.add')}</Button>
            </ButtonRow>
          </Form>
        </>
      )}
    </Layout>
  );
}

const yearForm = z.object({ year: formInteger('error.evaluation_year', 2000, 2200) });
const textsForm = z.object({ conclusions: formOptional(10_000), decidedChanges: formOptional(10_000) });
const adoptionForm = z.object({ decidedBy: formRequired('error.protocol_decided_by_required', 300) });
const versionForm = z.object({
  summary: formRequired('error.protocol_summary_required', 2000),
  body: formRequired('error.protocol_body_required', 100_000),
  changes: formRequired('error.protocol_changes_required', 5000),
  decidedOn: formDate('error.protocol_decided_on').pipe(newProtocolVersionSchema.shape.decidedOn),
  decidedBy: formRequired('error.protocol_decided_by_required', 300),
});

/** The yearly evaluation's pages and the protocol page (its current version for everyone, its history for the register). */
export function evaluationPageRoutes(app: FastifyInstance, db: Db) {
  const list = async (tx: Tx, who: SignedIn, view: View, values: Values, errors: FieldErrors) => (
    <EvaluationsPage view={view} items={await listEvaluations(tx, who)} values={values} errors={errors} />
  );
  pageRoute(app, db, { url: '/evaluations', handler: async ({ tx, who, view }) => list(tx, who, view, {}, {}) });
  formRoute(app, db, {
    url: '/evaluations',
    form: yearForm,
    generalField: 'year',
    command: async ({ tx, who, form }) => `/evaluations/${await openEvaluation(tx, who, form.year)}`,
    render: async ({ tx, who, view, values, errors }) => list(tx, who!, view, values, errors),
  });

  const one = async (tx: Tx, who: SignedIn, view: View, id: string, errors: FieldErrors) => (
    <EvaluationPage view={view} read={await getEvaluation(tx, who, id)} errors={errors} />
  );
  pageRoute(app, db, {
    url: '/evaluations/:id',
    params: idParams,
    handler: async ({ tx, who, view, params }) => one(tx, who, view, params.id, {}),
  });
  formRoute(app, db, {
    url: '/evaluations/:id',
    params: idParams,
    form: textsForm,
    generalField: 'conclusions',
    command: async ({ tx, who, params, form }) => {
      await writeEvaluation(tx, who, params.id, form);
      return `/evaluations/${params.id}`;
    },
    render: async ({ tx, who, view, params, errors }) => one(tx, who!, view, params.id, errors),
  });
  formRoute(app, db, {
    url: '/evaluations/:id/adoption',
    params: idParams,
    form: adoptionForm,
    generalField: 'decidedBy',
    command: async ({ tx, who, params, form }) => {
      await adoptYearEvaluation(tx, who, params.id, form.decidedBy);
      return `/evaluations/${params.id}`;
    },
    render: async ({ tx, who, view, params, errors }) => one(tx, who!, view, params.id, errors),
  });

  const protocol = async (tx: Tx, who: SignedIn, view: View, values: Values, errors: FieldErrors) => (
    <ProtocolPage
      view={view}
      current={await currentProtocol(tx, who)}
      versions={canEvaluation(who.user.roles, 'evaluation.read') ? await listProtocolVersions(tx, who) : undefined}
      values={values}
      errors={errors}
    />
  );
  pageRoute(app, db, { url: '/protocol', handler: async ({ tx, who, view }) => protocol(tx, who, view, {}, {}) });
  formRoute(app, db, {
    url: '/protocol',
    form: versionForm,
    generalField: 'summary',
    command: async ({ tx, who, form }) => {
      await addProtocolVersion(tx, who, form);
      return '/protocol';
    },
    render: async ({ tx, who, view, values, errors }) => protocol(tx, who!, view, values, errors),
  });
}
