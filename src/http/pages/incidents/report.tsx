import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/database.js';
import { reportFromConsultation } from '../../../domain/consultation/consultation.js';
import type { NewIncidentInput } from '../../../domain/incident/incident.schema.js';
import { BEHAVIOUR_LEVEL, BEHAVIOURS, CHANNELS, LEVELS, PERPETRATOR_KINDS, TARGETS } from '../../../domain/incident/norm.js';
import { peopleToReportFor } from '../../../domain/incident/on-behalf.js';
import { reportIncident } from '../../../domain/incident/report-incident.js';
import type { User } from '../../../domain/user/user.js';
import { AppError } from '../../../errors.js';
import { Checkbox, Disclosure, Input, RadioGroup, Select, TextArea } from '../../components/fields.js';
import { CheckboxGroup, ErrorSummary, Form, TextField, type FieldErrors } from '../../components/form.js';
import { Layout } from '../../components/layout.js';
import type { View } from '../../components/view.js';
import { field, fieldList, redirect, requireSignedIn } from '../../context.js';
import { amsterdamToIso, isoToAmsterdam } from '../../local-time.js';
import { sendPage, viewOf } from '../../render.js';

type Values = Record<string, string | string[]>;

// Behaviours in the order of the norm: verbal, threat, physical, then emotional and other.
const LEVEL_ORDER = ['verbal_aggression', 'threat', 'physical_violence', 'emotional', null] as const;
const BEHAVIOURS_BY_LEVEL = LEVEL_ORDER.flatMap((level) => BEHAVIOURS.filter((b) => BEHAVIOUR_LEVEL[b] === level));

const str = (values: Values, name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
const list = (values: Values, name: string) => (Array.isArray(values[name]) ? (values[name] as string[]) : []);

const FORM_FIELDS = ['level', 'occurredDate', 'occurredTime', 'channel', 'description', 'place', 'untilDate', 'onBehalfOf', 'perpetratorKind',
  'perpetratorName', 'perpetratorDetails', 'witnesses', 'damage', 'onlinePlatform', 'onlineAccount', 'onlineUrls', 'consultation'] as const;
const FORM_LISTS = ['behaviours', 'targets'] as const;
const FORM_CHECKS = ['injuryPhysical', 'injuryMental', 'injuryHospital', 'injuryLastingHarm', 'injuryDeath', 'onlineNormStated', 'onlinePlatformNotified'] as const;

/** The questions in the order of the page, so the error summary follows the form. */
const ERROR_ORDER = ['level', 'occurredDate', 'occurredTime', 'channel', 'description', 'behaviours', 'onBehalfOf', 'place', 'untilDate', 'targets', 'witnesses',
  'perpetratorKind', 'perpetratorName', 'perpetratorDetails', 'onlinePlatform', 'onlineAccount', 'onlineUrls', 'damage'] as const;

function readForm(body: unknown): Values {
  const values: Values = {};
  for (const name of FORM_FIELDS) values[name] = field(body, name);
  for (const name of FORM_LISTS) values[name] = fieldList(body, name);
  for (const name of FORM_CHECKS) values[name] = field(body, name);
  return values;
}

/** The form's answers as the domain's report input; empty optional parts are left out. */
function toInput(values: Values): NewIncidentInput {
  const check = (name: string) => str(values, name) === 'on';
  const urls = str(values, 'onlineUrls').split(/\s+/).filter(Boolean);
  const kind = str(values, 'perpetratorKind');
  const perpetratorText = str(values, 'perpetratorName') || str(values, 'perpetratorDetails');
  const until = str(values, 'untilDate');
  return {
    occurredAt: amsterdamToIso(str(values, 'occurredDate'), str(values, 'occurredTime')) ?? 'ongeldig',
    ...(until ? { occurredUntil: amsterdamToIso(until, '23:59') ?? 'ongeldig' } : {}),
    level: str(values, 'level') as never,
    channel: str(values, 'channel') as never,
    behaviours: list(values, 'behaviours') as never,
    description: str(values, 'description'),
    place: str(values, 'place'),
    targets: (list(values, 'targets').length ? list(values, 'targets') : ['self']) as never,
    ...(str(values, 'onBehalfOf') ? { onBehalfOf: str(values, 'onBehalfOf') } : {}),
    ...(kind || perpetratorText
      ? { perpetrator: { kind: (kind || 'person') as never, name: str(values, 'perpetratorName'), details: str(values, 'perpetratorDetails') } }
      : {}),
    witnesses: str(values, 'witnesses'),
    damage: str(values, 'damage'),
    ...(str(values, 'onlinePlatform') || urls.length
      ? { online: { platform: str(values, 'onlinePlatform'), account: str(values, 'onlineAccount'), urls, normStated: check('onlineNormStated'), platformNotified: check('onlinePlatformNotified') } }
      : {}),
    injury: { physical: check('injuryPhysical'), mental: check('injuryMental'), hospital: check('injuryHospital'), lastingHarm: check('injuryLastingHarm'), death: check('injuryDeath') },
  };
}

/** Domain field paths → the form field that shows the message. */
function formField(path: string): string {
  const head = path.split('.')[0]!;
  const map: Record<string, string> = {
    occurredAt: 'occurredDate', occurredUntil: 'untilDate', affectedUserIds: 'onBehalfOf',
    'perpetrator.kind': 'perpetratorKind', 'perpetrator.name': 'perpetratorName', 'perpetrator.details': 'perpetratorDetails',
    'online.platform': 'onlinePlatform', 'online.account': 'onlineAccount', 'online.urls': 'onlineUrls',
  };
  return map[path] ?? map[path.split('.').slice(0, 2).join('.')] ?? head;
}

function ReportPage({ view, values, errors, people }: { view: View; values: Values; errors: FieldErrors; people: User[] }) {
  const t = view.t;
  // A section opens when it holds an answer or a mistake; "aimed at me" alone is the default, not an answer.
  const answered = (n: string) => (n === 'targets' ? list(values, n).some((x) => x !== 'self') : list(values, n).length > 0);
  const opened = (...names: string[]) => names.some((n) => errors[n] || str(values, n) || answered(n));
  return (
    <Layout view={view} title={t('report.title')}>
      <p class="utrecht-paragraph">{t('report.intro')}</p>
      {str(values, 'consultation') && <p class="utrecht-paragraph">{t('report.from_consultation')}</p>}
      <ErrorSummary view={view} errors={errors} order={ERROR_ORDER} />
      <Form view={view} action="/report">
        <input type="hidden" name="consultation" value={str(values, 'consultation')} />
        <RadioGroup view={view} name="level" legend={t('report.level')} value={str(values, 'level')} errors={errors}
          options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`), hint: t(`level.${l}.hint`) }))}
          extra={{ emotional: (
            <p class="utrecht-paragraph wb-option-note">
              <a class="utrecht-link" href="/consult/new">{t('level.emotional.consult')}</a>
            </p>
          ) }} />
        <fieldset class="utrecht-form-fieldset">
          <legend class="utrecht-form-fieldset__legend">{t('report.when')}</legend>
          <div class="wb-field-row">
            <Input view={view} name="occurredDate" type="date" label={t('report.date')} value={str(values, 'occurredDate')} errors={errors} required />
            <Input view={view} name="occurredTime" type="time" label={t('report.time')} value={str(values, 'occurredTime')} errors={errors} required />
          </div>
        </fieldset>
        <RadioGroup view={view} name="channel" legend={t('report.channel')} value={str(values, 'channel')} errors={errors}
          options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} />
        <TextArea view={view} name="description" label={t('report.description')} hint={t('report.description_hint')} value={str(values, 'description')} errors={errors} required />

        <Disclosure summary={t('report.behaviours')} open={opened('behaviours')}>
          <CheckboxGroup view={view} name="behaviours" legend={t('incident.behaviours')} checked={list(values, 'behaviours')} errors={errors}
            options={BEHAVIOURS_BY_LEVEL.map((b) => ({ value: b, label: t(`behaviour.${b}`) }))} />
        </Disclosure>

        <Disclosure summary={t('report.more')} open={opened('place', 'untilDate', 'targets', 'onBehalfOf', 'witnesses')}>
          {people.length > 0 && (
            <Select view={view} name="onBehalfOf" label={t('report.on_behalf')} hint={t('report.on_behalf_hint')} value={str(values, 'onBehalfOf')} errors={errors}
              options={[{ value: '', label: t('report.on_behalf_self') }, ...people.map((p) => ({ value: p.id, label: `${p.name} (${p.roles.map((r) => t(`role.${r}`)).join(', ')})` }))]} />
          )}
          <TextField view={view} name="place" label={t('report.place')} value={str(values, 'place')} errors={errors} />
          <Input view={view} name="untilDate" type="date" label={t('report.until_date')} value={str(values, 'untilDate')} errors={errors} />
          <CheckboxGroup view={view} name="targets" legend={t('report.targets')} checked={list(values, 'targets').length ? list(values, 'targets') : ['self']} errors={errors}
            options={TARGETS.map((x) => ({ value: x, label: t(`target.${x}`) }))} />
          <TextArea view={view} name="witnesses" label={t('report.witnesses')} value={str(values, 'witnesses')} errors={errors} rows={2} />
        </Disclosure>

        <Disclosure summary={t('report.perpetrator')} open={opened('perpetratorKind', 'perpetratorName', 'perpetratorDetails')}>
          <RadioGroup view={view} name="perpetratorKind" legend={t('report.perpetrator_kind')} value={str(values, 'perpetratorKind')} errors={errors}
            options={[{ value: '', label: t('report.perpetrator_unknown') }, ...PERPETRATOR_KINDS.map((k) => ({ value: k, label: t(`perpetrator.${k}`) }))]} />
          <TextField view={view} name="perpetratorName" label={t('report.perpetrator_name')} value={str(values, 'perpetratorName')} errors={errors} />
          <TextArea view={view} name="perpetratorDetails" label={t('report.perpetrator_details')} value={str(values, 'perpetratorDetails')} errors={errors} rows={2} />
        </Disclosure>

        <Disclosure summary={t('report.online')} open={opened('onlinePlatform', 'onlineAccount', 'onlineUrls', 'onlineNormStated', 'onlinePlatformNotified')}>
          <TextField view={view} name="onlinePlatform" label={t('report.platform')} hint={t('report.platform_hint')} value={str(values, 'onlinePlatform')} errors={errors} />
          <TextField view={view} name="onlineAccount" label={t('report.account')} value={str(values, 'onlineAccount')} errors={errors} />
          <TextArea view={view} name="onlineUrls" label={t('report.urls')} hint={t('report.urls_hint')} value={str(values, 'onlineUrls')} errors={errors} rows={3} />
          <Checkbox name="onlineNormStated" label={t('report.norm_stated')} checked={str(values, 'onlineNormStated') === 'on'} />
          <Checkbox name="onlinePlatformNotified" label={t('report.platform_notified')} checked={str(values, 'onlinePlatformNotified') === 'on'} />
        </Disclosure>

        <Disclosure summary={t('report.injury')} open={opened('damage', 'injuryPhysical', 'injuryMental', 'injuryHospital', 'injuryLastingHarm', 'injuryDeath')}>
          <Checkbox name="injuryPhysical" label={t('report.injury_physical')} checked={str(values, 'injuryPhysical') === 'on'} />
          <Checkbox name="injuryMental" label={t('report.injury_mental')} checked={str(values, 'injuryMental') === 'on'} />
          <Checkbox name="injuryHospital" label={t('report.injury_hospital')} checked={str(values, 'injuryHospital') === 'on'} />
          <Checkbox name="injuryLastingHarm" label={t('report.injury_lasting')} checked={str(values, 'injuryLastingHarm') === 'on'} />
          <Checkbox name="injuryDeath" label={t('report.injury_death')} checked={str(values, 'injuryDeath') === 'on'} />
          <TextArea view={view} name="damage" label={t('report.damage')} value={str(values, 'damage')} errors={errors} rows={2} />
        </Disclosure>

        <div class="wb-actions wb-button-row">
          <button type="submit" class="utrecht-button utrecht-button--primary-action">{t('report.submit')}</button>
          <button type="submit" name="draft" value="1" class="utrecht-button utrecht-button--secondary-action">{t('report.save_draft')}</button>
        </div>
      </Form>
    </Layout>
  );
}

function freshValues(request: FastifyRequest): Values {
  const now = isoToAmsterdam(new Date());
  const consultation = (request.query as Record<string, unknown>).consultation;
  return { occurredDate: now.date, occurredTime: now.time, targets: ['self'], consultation: typeof consultation === 'string' ? consultation : '' };
}

export function reportRoutes(app: FastifyInstance, db: Db) {
  app.get('/report', async (request, reply) => {
    const who = requireSignedIn(request);
    return sendPage(reply, <ReportPage view={viewOf(request)} values={freshValues(request)} errors={{}} people={await peopleToReportFor(db, who)} />);
  });

  app.post('/report', async (request, reply) => {
    const who = requireSignedIn(request);
    const values = readForm(request.body);
    const draft = field(request.body, 'draft') === '1';
    const input = { ...toInput(values), draft };
    try {
      const consultation = str(values, 'consultation');
      const id = consultation ? await reportFromConsultation(db, who, consultation, input) : await reportIncident(db, who, input);
      return redirect(reply, `/incidents/${id}?notice=${draft ? 'report.draft_saved' : 'report.done'}`);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      const errors: FieldErrors = {};
      for (const [path, key] of Object.entries(error.fields)) errors[formField(path)] ??= key;
      return sendPage(reply, <ReportPage view={viewOf(request)} values={values} errors={errors} people={await peopleToReportFor(db, who)} />, 400);
    }
  });
}
