import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { SignedIn } from '../../domain/auth/session.js';
import { incidentReference } from '../../domain/incident/incident.js';
import { changeRetentionPeriods, retentionPeriods } from '../../domain/retention/hold.js';
import {
  PERIOD_NAMES,
  RETENTION_BOUNDS,
  RETENTION_DEFAULTS,
  RETENTION_RULES,
  RULE_PERIOD,
  retentionPolicy,
  type RetentionItem,
  type RetentionPeriods,
  type RetentionResult,
} from '../../domain/retention/retention.js';
import { previewRetention } from '../../domain/retention/run-retention.js';
import { amsterdamToday } from '../../time/amsterdam.js';
import type { MessageKey } from '../i18n/index.js';
import { ErrorSummary, Form, Heading, Layout, Paragraph, SubmitButton, Table, TextField, type FieldErrors } from '../components/index.js';
import type { View } from '../components/view.js';
import { formInteger } from '../forms.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';

const periodsForm = z.object(
  Object.fromEntries(
    PERIOD_NAMES.map((name) => [name, formInteger('retention.error.period', RETENTION_BOUNDS[name].min, RETENTION_BOUNDS[name].max)]),
  ) as Record<keyof RetentionPeriods, ReturnType<typeof formInteger>>,
);

const UNIT: Record<keyof RetentionPeriods, MessageKey> = {
  incidentYears: 'retention.unit.years',
  aftercareNoteMonths: 'retention.unit.months',
  perpetratorMonths: 'retention.unit.months',
  banYears: 'retention.unit.years',
  sessionWeeks: 'retention.unit.weeks',
  notificationWeeks: 'retention.unit.weeks',
};

/** How many items per rule the page lists (the count is always whole). */
const SHOWN = 50;

const valuesOf = (p: RetentionPeriods): Record<string, string> => Object.fromEntries(PERIOD_NAMES.map((n) => [n, String(p[n])]));

function referenceOf(view: View, item: RetentionItem): string {
  if (item.number) return incidentReference({ number: item.number });
  return `${view.t(`retention.kind.${item.kind}` as MessageKey)} ${item.id.slice(0, 8)}`;
}

function RuleSection({ view, rule, result }: { view: View; rule: (typeof RETENTION_RULES)[number]; result: RetentionResult }) {
  const t = view.t;
  const items =
    rule === 'open_incident_review' ? result.flagged.filter((i) => i.rule === rule) : result.deleted.filter((i) => i.rule === rule);
  const held = result.held.filter((i) => i.rule === rule);
  const blocked = result.blocked.filter((i) => i.rule === rule);
  const periodName = RULE_PERIOD[rule];
  const columns = [
    { header: t('retention.col.what'), cell: (i: RetentionItem) => referenceOf(view, i), rowHeader: true },
    { header: t('retention.col.since'), cell: (i: RetentionItem) => i.since },
    { header: t('retention.col.due'), cell: (i: RetentionItem) => i.due },
  ];
  return (
    <section aria-labelledby={`rule-${rule}`}>
      <Heading level={3} id={`rule-${rule}`}>
        {t(`retention.rule.${rule}` as MessageKey)}
      </Heading>
      <Paragraph>
        {t(`retention.rule.${rule}.why` as MessageKey, {
          n: String(result.periods[periodName]),
          unit: t(UNIT[periodName]),
        })}
      </Paragraph>
      <Paragraph>
        {t(rule === 'open_incident_review' ? 'retention.count_flagged' : 'retention.count', { n: String(items.length) })}
      </Paragraph>
      <Table caption={t(`retention.rule.${rule}` as MessageKey)} captionHidden columns={columns} rows={items.slice(0, SHOWN)} />
      {items.length > SHOWN && <Paragraph>{t('retention.more', { n: String(items.length - SHOWN) })}</Paragraph>}
      {held.length > 0 && (
        <Table
          caption={t('retention.held_caption')}
          columns={[
            ...columns,
            { header: t('retention.col.holds'), cell: (i) => i.holds.map((h) => t(`retention.hold_kind.${h}` as MessageKey)).join(', ') },
          ]}
          rows={held.slice(0, SHOWN)}
        />
      )}
      {blocked.length > 0 && <Table caption={t('retention.blocked_caption')} columns={columns} rows={blocked.slice(0, SHOWN)} />}
    </section>
  );
}

function RetentionPage({
  view,
  who,
  periods,
  values,
  errors,
  preview,
}: {
  view: View;
  who: SignedIn;
  periods: RetentionPeriods;
  values: Record<string, string>;
  errors: FieldErrors;
  preview: RetentionResult;
}) {
  const t = view.t;
  const mayChange = retentionPolicy.abilitiesOf(who).includes('settings.change');
  return (
    <Layout view={view} title={t('retention.title')}>
      <Paragraph>{t('retention.intro')}</Paragraph>
      <Heading level={2}>{t('retention.periods')}</Heading>
      <Table
        caption={t('retention.periods')}
        captionHidden
        columns={[
          {
            header: t('retention.col.period'),
            cell: (n: keyof RetentionPeriods) => t(`retention.period.${n}` as MessageKey),
            rowHeader: true,
          },
          { header: t('retention.col.value'), cell: (n) => `${periods[n]} ${t(UNIT[n])}`, numeric: true },
          { header: t('retention.col.default'), cell: (n) => `${RETENTION_DEFAULTS[n]} ${t(UNIT[n])}`, numeric: true },
          { header: t('retention.col.reason'), cell: (n) => t(`retention.reason.${n}` as MessageKey) },
        ]}
        rows={[...PERIOD_NAMES]}
      />
      {mayChange && (
        <>
          <ErrorSummary view={view} errors={errors} />
          <Form view={view} action="/settings/retention">
            {PERIOD_NAMES.map((n) => (
              <TextField
                view={view}
                name={n}
                label={`${t(`retention.period.${n}` as MessageKey)} (${t(UNIT[n])})`}
                hint={t('retention.bounds', { min: String(RETENTION_BOUNDS[n].min), max: String(RETENTION_BOUNDS[n].max) })}
                value={values[n]}
                errors={errors}
                inputMode="numeric"
                autocomplete="off"
              />
            ))}
            <SubmitButton>{t('retention.save')}</SubmitButton>
          </Form>
        </>
      )}
      <Heading level={2}>{t('retention.preview')}</Heading>
      <Paragraph>{t('retention.preview_intro', { date: preview.asOf })}</Paragraph>
      {RETENTION_RULES.map((rule) => (
        <RuleSection view={view} rule={rule} result={preview} />
      ))}
    </Layout>
  );
}

/** /settings/retention: the periods with their reasons and what the next run would do (admin; the privacy officer reads). */
export function retentionPageRoutes(app: FastifyInstance, db: Db) {
  const render = async (tx: Parameters<typeof retentionPeriods>[0], who: SignedIn) => {
    const periods = await retentionPeriods(tx, who);
    return { periods, preview: await previewRetention(tx, who.organisation.id, amsterdamToday()) };
  };
  pageRoute(app, db, {
    url: '/settings/retention',
    handler: async ({ tx, who, view }) => {
      const { periods, preview } = await render(tx, who);
      return <RetentionPage view={view} who={who} periods={periods} values={valuesOf(periods)} errors={{}} preview={preview} />;
    },
  });

  formRoute(app, db, {
    url: '/settings/retention',
    form: periodsForm,
    generalField: 'incidentYears',
    command: async ({ tx, who, form }) => {
      await changeRetentionPeriods(tx, who, form);
      return '/settings/retention?notice=settings.saved';
    },
    render: async ({ tx, who, view, values, errors }) => {
      const { periods, preview } = await render(tx, who);
      return <RetentionPage view={view} who={who} periods={periods} values={values} errors={errors} preview={preview} />;
    },
  });
}
