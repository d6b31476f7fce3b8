import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import { reportFromConsultation } from '../../../domain/consultation/consult.js';
import { newIncidentSchema } from '../../../domain/incident/incident.schema.js';
import { BEHAVIOUR_LEVEL, BEHAVIOURS, CHANNELS, LEVELS, PERPETRATOR_KINDS, TARGETS } from '../../../domain/incident/norm.js';
import { peopleToReportFor } from '../../../domain/incident/on-behalf.js';
import { reportIncident } from '../../../domain/protocol/incident-reported.js';
import type { User } from '../../../domain/user/user.js';
import { quickCardHref } from '../../../domain/quick-card/quick-card.js';
import type { ProtocolVersion } from '../../../domain/evaluation/evaluation.js';
import { currentProtocol } from '../../../domain/evaluation/evaluations.js';
import { amsterdamInstant, amsterdamParts } from '../../../time/amsterdam.js';
import {
  Button,
  ButtonRow,
  Checkbox,
  CheckboxGroup,
  Disclosure,
  ErrorSummary,
  Form,
  Input,
  Layout,
  Link,
  Paragraph,
  RadioGroup,
  Select,
  TextArea,
  TextField,
  type FieldErrors,
} from '../../components/index.js';
import { withScheme } from '../../displayed.js';
import type { View } from '../../components/view.js';
import { amsterdamMoment, formCheckbox, formOptional, formText } from '../../forms.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';
import { FORM_KEY_FIELD } from '../../pipeline/idempotency.js';
import { isValidKey } from '../../../domain/idempotency/idempotency.js';
import { randomUUID } from 'node:crypto';

type Values = Record<string, string | string[]>;

// Behaviours in the order of the norm: verbal, threat, physical, then emotional and other.
const LEVEL_ORDER = ['verbal_aggression', 'threat', 'physical_violence', 'emotional', null] as const;
const BEHAVIOURS_BY_LEVEL = LEVEL_ORDER.flatMap((level) => BEHAVIOURS.filter((b) => BEHAVIOUR_LEVEL[b] === level));

const str = (values: Values, name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
const list = (values: Values, name: string) => (Array.isArray(values[name]) ? (values[name] as string[]) : []);

/** A repeated field (checkboxes) as it came; which values are allowed is the report's rule, checked below. */
const formList = () => z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()));

/**
 * The report form's fields, as typed: lenient, so that every mistake is found at once by the
 * report's own rules (newIncidentSchema) in `reportForm` below.
 */
const reportFields = z.object({
  level: formText(),
  occurredDate: formText(),
  occurredTime: formText(),
  channel: formText(),
  description: formText(),
  place: formText(),
  untilDate: formText(),
  onBehalfOf: formText(),
  perpetratorKind: formText(),
  perpetratorName: formText(),
  perpetratorDetails: formText(),
  witnesses: formText(),
  damage: formText(),
  onlinePlatform: formText(),
  onlineAccount: formText(),
  onlineUrls: formText(),
  consultation: formOptional().pipe(z.uuid({ error: 'error.invalid' }).optional()),
  behaviours: formList(),
  targets: formList(),
  injuryPhysical: formCheckbox(),
  injuryMental: formCheckbox(),
  injuryHospital: formCheckbox(),
  injuryLastingHarm: formCheckbox(),
  injuryDeath: formCheckbox(),
  onlineNormStated: formCheckbox(),
  onlinePlatformNotified: formCheckbox(),
  draft: formCheckbox(),
});
type ReportFields = z.output<typeof reportFields>;

/** The questions in the order of the page, so the error summary follows the form. */
const ERROR_ORDER = [
  'level',
  'occurredDate',
  'occurredTime',
  'channel',
  'description',
  'behaviours',
  'onBehalfOf',
  'place',
  'untilDate',
  'targets',
  'witnesses',
  'perpetratorKind',
  'perpetratorName',
  'perpetratorDetails',
  'onlinePlatform',
  'onlineAccount',
  'onlineUrls',
  'damage',
] as const;

/** Report fields (domain paths) → the form field that shows the message. */
const FORM_FIELD: Record<string, string> = {
  occurredAt: 'occurredDate',
  occurredUntil: 'untilDate',
  affectedUserIds: 'onBehalfOf',
  'perpetrator.kind': 'perpetratorKind',
  'perpetrator.name': 'perpetratorName',
  'perpetrator.details': 'perpetratorDetails',
  'online.platform': 'onlinePlatform',
  'online.account': 'onlineAccount',
  'online.urls': 'onlineUrls',
};
const formField = (path: readonly PropertyKey[]) =>
  FORM_FIELD[path.slice(0, 2).join('.')] ?? FORM_FIELD[String(path[0])] ?? String(path[0] ?? 'level');

/** The form's answers in the shape of a report (checked by newIncidentSchema next); empty optional parts are left out. */
function toReport(f: ReportFields, occurredAt: Date | undefined, occurredUntil: Date | undefined): Record<string, unknown> {
  // Addresses as people paste them: "x.com/…" gets the https:// a browser would add.
  const urls = f.onlineUrls.split(/\s+/).filter(Boolean).map(withScheme);
  return {
    // A date and time that make no moment are left out, and the report's rule says so at the date.
    ...(occurredAt ? { occurredAt: occurredAt.toISOString() } : {}),
    ...(occurredUntil ? { occurredUntil: occurredUntil.toISOString() } : {}),
    level: f.level,
    channel: f.channel,
    behaviours: f.behaviours,
    description: f.description,
    place: f.place,
    targets: f.targets.length ? f.targets : ['self'],
    ...(f.onBehalfOf ? { onBehalfOf: f.onBehalfOf } : {}),
    ...(f.perpetratorKind || f.perpetratorName || f.perpetratorDetails
      ? { perpetrator: { kind: f.perpetratorKind || 'person', name: f.perpetratorName, details: f.perpetratorDetails } }
      : {}),
    witnesses: f.witnesses,
    damage: f.damage,
    ...(f.onlinePlatform || urls.length
      ? {
          online: {
            platform: f.onlinePlatform,
            account: f.onlineAccount,
            urls,
            normStated: f.onlineNormStated,
            platformNotified: f.onlinePlatformNotified,
          },
        }
      : {}),
    injury: {
      physical: f.injuryPhysical,
      mental: f.injuryMental,
      hospital: f.injuryHospital,
      lastingHarm: f.injuryLastingHarm,
      death: f.injuryDeath,
    },
    draft: f.draft,
  };
}

/** The one schema of the report form: its fields, checked by the same rules as a report through the API. */
export const reportForm = reportFields.transform((f, context) => {
  const occurredAt = amsterdamMoment(f, 'occurredDate', 'occurredTime');
  const occurredUntil = f.untilDate ? amsterdamInstant(f.untilDate, '23:59') : undefined;
  if (f.untilDate && !occurredUntil) context.addIssue({ code: 'custom', path: ['untilDate'], message: 'error.occurred_until_invalid' });
  const parsed = newIncidentSchema.safeParse(toReport(f, occurredAt, occurredUntil));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) context.addIssue({ code: 'custom', path: [formField(issue.path)], message: issue.message });
    return z.NEVER;
  }
  return { consultation: f.consultation, report: parsed.data };
});

/** What the person typed, for the form shown again (repeated fields included). */
function typedValues(body: unknown): Values {
  const parsed = reportFields.safeParse(body ?? {});
  if (!parsed.success) return {};
  const on = (b: boolean) => (b ? 'on' : '');
  return Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [k, typeof v === 'boolean' ? on(v) : (v ?? '')]));
}

function ReportPage({
  view,
  values,
  errors,
  people,
  formKey,
  protocol,
}: {
  view: View;
  values: Values;
  errors: FieldErrors;
  people: User[];
  /** The organisation's protocol in force, whose norm the form teaches (issue 13 §5). */
  protocol: ProtocolVersion | undefined;
  /** Names this filling-in of the form, so sending it twice reports once (formRoute's idempotent). */
  formKey: string;
}) {
  const t = view.t;
  // A section opens when it holds an answer or a mistake; "aimed at me" alone is the default, not an answer.
  const answered = (n: string) => (n === 'targets' ? list(values, n).some((x) => x !== 'self') : list(values, n).length > 0);
  const opened = (...names: string[]) => names.some((n) => errors[n] || str(values, n) || answered(n));
  return (
    <Layout view={view} title={t('report.title')}>
      {/* Someone in danger needs the card, not the form (issue 13 §1). */}
      <p class="utrecht-paragraph wb-report-urgent">
        <a class="utrecht-link wb-quick-link" href="tel:112">
          {t('quickcard.report_banner')}
        </a>{' '}
        ·{' '}
        <a class="utrecht-link" href={quickCardHref(view.who?.organisation.slug)}>
          {t('quickcard.report_banner_card')}
        </a>
      </p>
      <Paragraph>{t('report.intro')}</Paragraph>
      {protocol && (
        <p class="utrecht-paragraph wb-pre">
          {t('protocol.report_form', { version: String(protocol.version), summary: protocol.summary })}{' '}
          <Link href="/protocol">{t('protocol.report_form_link')}</Link>
        </p>
      )}
      {str(values, 'consultation') && <Paragraph>{t('report.from_consultation')}</Paragraph>}
      <ErrorSummary view={view} errors={errors} order={ERROR_ORDER} />
      <Form view={view} action="/report">
        <input type="hidden" name={FORM_KEY_FIELD} value={formKey} />
        <input type="hidden" name="consultation" value={str(values, 'consultation')} />
        <RadioGroup
          view={view}
          name="level"
          legend={t('report.level')}
          value={str(values, 'level')}
          errors={errors}
          options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`), hint: t(`level.${l}.hint`) }))}
          extra={{
            emotional: (
              <p class="utrecht-paragraph wb-option-note">
                <Link href="/consult/new">{t('level.emotional.consult')}</Link>
              </p>
            ),
          }}
        />
        <fieldset class="utrecht-form-fieldset">
          <legend class="utrecht-form-fieldset__legend">{t('report.when')}</legend>
          <div class="wb-field-row">
            <Input
              view={view}
              name="occurredDate"
              type="date"
              label={t('report.date')}
              value={str(values, 'occurredDate')}
              errors={errors}
              required
            />
            <Input
              view={view}
              name="occurredTime"
              type="time"
              label={t('report.time')}
              value={str(values, 'occurredTime')}
              errors={errors}
              required
            />
          </div>
        </fieldset>
        <RadioGroup
          view={view}
          name="channel"
          legend={t('report.channel')}
          value={str(values, 'channel')}
          errors={errors}
          options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
        />
        <TextArea
          view={view}
          name="description"
          label={t('report.description')}
          hint={t('report.description_hint')}
          value={str(values, 'description')}
          errors={errors}
          required
        />

        <Disclosure summary={t('report.behaviours')} open={opened('behaviours')}>
          <CheckboxGroup
            view={view}
            name="behaviours"
            legend={t('incident.behaviours')}
            checked={list(values, 'behaviours')}
            errors={errors}
            options={BEHAVIOURS_BY_LEVEL.map((b) => ({ value: b, label: t(`behaviour.${b}`) }))}
          />
        </Disclosure>

        <Disclosure summary={t('report.more')} open={opened('place', 'untilDate', 'targets', 'onBehalfOf', 'witnesses')}>
          {people.length > 0 && (
            <Select
              view={view}
              name="onBehalfOf"
              label={t('report.on_behalf')}
              hint={t('report.on_behalf_hint')}
              value={str(values, 'onBehalfOf')}
              errors={errors}
              options={[
                { value: '', label: t('report.on_behalf_self') },
                ...people.map((p) => ({ value: p.id, label: `${p.name} (${p.roles.map((r) => t(`role.${r}`)).join(', ')})` })),
              ]}
            />
          )}
          <TextField view={view} name="place" label={t('report.place')} value={str(values, 'place')} errors={errors} />
          <Input view={view} name="untilDate" type="date" label={t('report.until_date')} value={str(values, 'untilDate')} errors={errors} />
          <CheckboxGroup
            view={view}
            name="targets"
            legend={t('report.targets')}
            checked={list(values, 'targets').length ? list(values, 'targets') : ['self']}
            errors={errors}
            options={TARGETS.map((x) => ({ value: x, label: t(`target.${x}`) }))}
          />
          <TextArea view={view} name="witnesses" label={t('report.witnesses')} value={str(values, 'witnesses')} errors={errors} rows={2} />
        </Disclosure>

        <Disclosure summary={t('report.perpetrator')} open={opened('perpetratorKind', 'perpetratorName', 'perpetratorDetails')}>
          <RadioGroup
            view={view}
            name="perpetratorKind"
            legend={t('report.perpetrator_kind')}
            value={str(values, 'perpetratorKind')}
            errors={errors}
            options={[
              { value: '', label: t('report.perpetrator_unknown') },
              ...PERPETRATOR_KINDS.map((k) => ({ value: k, label: t(`perpetrator.${k}`) })),
            ]}
          />
          <TextField
            view={view}
            name="perpetratorName"
            label={t('report.perpetrator_name')}
            value={str(values, 'perpetratorName')}
            errors={errors}
          />
          <TextArea
            view={view}
            name="perpetratorDetails"
            label={t('report.perpetrator_details')}
            value={str(values, 'perpetratorDetails')}
            errors={errors}
            rows={2}
          />
        </Disclosure>

        <Disclosure
          summary={t('report.online')}
          open={opened('onlinePlatform', 'onlineAccount', 'onlineUrls', 'onlineNormStated', 'onlinePlatformNotified')}
        >
          <TextField
            view={view}
            name="onlinePlatform"
            label={t('report.platform')}
            hint={t('report.platform_hint')}
            value={str(values, 'onlinePlatform')}
            errors={errors}
          />
          <TextField view={view} name="onlineAccount" label={t('report.account')} value={str(values, 'onlineAccount')} errors={errors} />
          <TextArea
            view={view}
            name="onlineUrls"
            label={t('report.urls')}
            hint={t('report.urls_hint')}
            value={str(values, 'onlineUrls')}
            errors={errors}
            rows={3}
          />
          <Checkbox name="onlineNormStated" label={t('report.norm_stated')} checked={str(values, 'onlineNormStated') === 'on'} />
          <Checkbox
            name="onlinePlatformNotified"
            label={t('report.platform_notified')}
            checked={str(values, 'onlinePlatformNotified') === 'on'}
          />
        </Disclosure>

        <Disclosure
          summary={t('report.injury')}
          open={opened('damage', 'injuryPhysical', 'injuryMental', 'injuryHospital', 'injuryLastingHarm', 'injuryDeath')}
        >
          <Checkbox name="injuryPhysical" label={t('report.injury_physical')} checked={str(values, 'injuryPhysical') === 'on'} />
          <Checkbox name="injuryMental" label={t('report.injury_mental')} checked={str(values, 'injuryMental') === 'on'} />
          <Checkbox name="injuryHospital" label={t('report.injury_hospital')} checked={str(values, 'injuryHospital') === 'on'} />
          <Checkbox name="injuryLastingHarm" label={t('report.injury_lasting')} checked={str(values, 'injuryLastingHarm') === 'on'} />
          <Checkbox name="injuryDeath" label={t('report.injury_death')} checked={str(values, 'injuryDeath') === 'on'} />
          <TextArea view={view} name="damage" label={t('report.damage')} value={str(values, 'damage')} errors={errors} rows={2} />
        </Disclosure>

        <ButtonRow>
          <Button variant="primary">{t('report.submit')}</Button>
          <Button variant="secondary" name="draft" value="1">
            {t('report.save_draft')}
          </Button>
        </ButtonRow>
      </Form>
    </Layout>
  );
}

/** The form shown again after a mistake keeps its key (nothing was stored under it); a bad or missing one is replaced. */
function sameFormKey(body: unknown): string {
  const sent = (body as Record<string, unknown> | undefined)?.[FORM_KEY_FIELD];
  return typeof sent === 'string' && isValidKey(sent) ? sent : randomUUID();
}

function freshValues(consultation: string | undefined): Values {
  const now = amsterdamParts(new Date());
  return { occurredDate: now.date, occurredTime: now.time, targets: ['self'], consultation: consultation ?? '' };
}

export function reportRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/report',
    query: z.object({ consultation: z.uuid().optional() }),
    handler: async ({ tx, who, view, query }) => (
      <ReportPage
        view={view}
        values={freshValues(query.consultation)}
        errors={{}}
        people={await peopleToReportFor(tx, who)}
        formKey={randomUUID()}
        protocol={await currentProtocol(tx, who)}
      />
    ),
  });

  formRoute(app, db, {
    url: '/report',
    form: reportForm,
    generalField: 'level',
    fieldNames: FORM_FIELD,
    idempotent: true,
    command: async ({ tx, who, form }) => {
      const id = form.consultation
        ? await reportFromConsultation(tx, who, form.consultation, form.report)
        : await reportIncident(tx, who, form.report);
      return `/incidents/${id}?notice=${form.report.draft ? 'report.draft_saved' : 'report.done'}`;
    },
    render: async ({ tx, who, view, request, errors }) => (
      <ReportPage
        view={view}
        values={typedValues(request.body)}
        errors={errors}
        people={await peopleToReportFor(tx, who)}
        formKey={sameFormKey(request.body)}
        protocol={await currentProtocol(tx, who)}
      />
    ),
  });
}
