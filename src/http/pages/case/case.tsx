import type { FastifyInstance } from 'fastify';
import type { Db, Tx } from '../../../db/database.js';
import { requireOne } from '../../../domain/access/access.js';
import { audit } from '../../../domain/audit/audit.js';
import type { SignedIn } from '../../../domain/auth/session.js';
import { casePolicy } from '../../../domain/case/case.policy.js';
import { addDamage, damageOfCase, updateDamage } from '../../../domain/damage/damage.js';
import { deadlinesOfIncident } from '../../../domain/deadline/deadline.repository.js';
import {
  addSecurityMeasure,
  ESCALATION_KINDS,
  escalationsOfCase,
  markForTriangle,
  recordEscalation,
  triangleList,
  unmarkTriangle,
  updateInjury,
} from '../../../domain/escalation/escalation.js';
import { incidentReference } from '../../../domain/incident/incident.js';
import { findIncident } from '../../../domain/incident/incident.repository.js';
import { fileReport, policeOf, recordConsent, updateProsecution } from '../../../domain/police/police.js';
import { notFound } from '../../../errors.js';
import { isUuid } from '../../../validation.js';
import {
  Button,
  ButtonRow,
  Checkbox,
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
  TextArea,
  TextField,
  UnorderedList,
  type FieldErrors,
} from '../../components/index.js';
import { formatDay } from '../../displayed.js';
import type { View } from '../../components/view.js';
import { formatDateTime } from '../../i18n/index.js';
import { idParams } from '../../pipeline/api-route.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';
import {
  consentForm,
  damageForm,
  damageUpdateForm,
  dutyForm,
  injuryForm,
  prosecutionForm,
  reportForm,
  securityForm,
  triangleForm,
} from './case-forms.js';
import { CaseOverview } from './case-overview.js';
import { centsToEuro, DamageSection, DutySection, PoliceSection, type CaseData } from './case-sections.js';

function CasePage({ view, data, errors }: { view: View; data: CaseData; errors: FieldErrors }) {
  const t = view.t;
  const reference = incidentReference(data.incident);
  const may = (ability: CaseData['abilities'][number]) => data.abilities.includes(ability);
  const handler = may('duty.record');
  const { triangle } = data.escalation;
  const injury = data.incident.injury;
  return (
    <Layout view={view} title={t('case.title', { reference })}>
      <Paragraph>
        <Link href={`/incidents/${data.incident.id}`}>{t('case.back')}</Link>
      </Paragraph>
      <ErrorSummary view={view} errors={errors} />
      <CaseOverview view={view} data={data} />
      {handler && <DutySection view={view} data={data} kind="labour_inspectorate" errors={errors} />}
      {handler && <DutySection view={view} data={data} kind="kings_commissioner" errors={errors} />}
      {may('injury.update') && (
        <section aria-labelledby="injury-heading">
          <Heading level={2} id="injury-heading">
            {t('injury.title')}
          </Heading>
          <Paragraph>{t('injury.intro')}</Paragraph>
          <Form view={view} action={`/incidents/${data.incident.id}/case/injury`}>
            <Checkbox name="physical" label={t('report.injury_physical')} checked={injury.physical} />
            <Checkbox name="mental" label={t('report.injury_mental')} checked={injury.mental} />
            <Checkbox name="hospital" label={t('report.injury_hospital')} checked={injury.hospital} />
            <Checkbox name="lastingHarm" label={t('report.injury_lasting')} checked={injury.lastingHarm} />
            <Checkbox name="death" label={t('report.injury_death')} checked={injury.death} />
            <ButtonRow>
              <Button variant="secondary">{t('injury.save')}</Button>
            </ButtonRow>
          </Form>
        </section>
      )}
      <PoliceSection view={view} data={data} errors={errors} />
      {handler ? (
        <>
          {may('damage.manage') && <DamageSection view={view} data={data} errors={errors} />}
          {may('triangle.mark') && (
            <section aria-labelledby="triangle-heading">
              <Heading level={2} id="triangle-heading">
                {t('triangle.title')}
              </Heading>
              <Paragraph>{t('triangle.intro')}</Paragraph>
              <Form view={view} action={`/incidents/${data.incident.id}/case/triangle`}>
                <Input
                  view={view}
                  name="meetingOn"
                  type="date"
                  label={t('triangle.meeting_on')}
                  value={triangle?.meetingOn ?? ''}
                  errors={errors}
                />
                <TextArea view={view} name="note" label={t('triangle.note')} value={triangle?.note ?? ''} errors={errors} rows={2} />
                <Input
                  view={view}
                  name="discussedOn"
                  type="date"
                  label={t('triangle.discussed_on')}
                  value={triangle?.discussedOn ?? ''}
                  errors={errors}
                />
                <ButtonRow>
                  <Button variant="secondary">{t('triangle.mark')}</Button>
                  {triangle && (
                    <Button variant="subtle" name="unmark" value="1">
                      {t('triangle.unmark')}
                    </Button>
                  )}
                </ButtonRow>
              </Form>
            </section>
          )}
        </>
      ) : (
        <Paragraph>{t('case.not_handler')}</Paragraph>
      )}
      {may('security_measure.manage') && data.escalation.securityMeasures && (
        <section aria-labelledby="security-heading">
          <Heading level={2} id="security-heading">
            {t('security.title')}
          </Heading>
          <Paragraph>{t('security.intro')}</Paragraph>
          <UnorderedList>
            {data.escalation.securityMeasures.map((m) => (
              <ListItem>
                {m.description} — {t(`security.${m.advisedBy}`)}; {t('security.own_cost')}: {centsToEuro(m.ownCostCents, view.lang)};{' '}
                {t('security.org_cost')}: {centsToEuro(m.organisationCostCents, view.lang)}
                {m.safetyNetRequestedOn && `; ${t('security.safety_net_on')} ${formatDay(m.safetyNetRequestedOn, view.lang)}`}
              </ListItem>
            ))}
          </UnorderedList>
          <Disclosure summary={t('security.add')} open={Boolean(errors.ownCostCents || errors.organisationCostCents || errors.advisedBy)}>
            <Form view={view} action={`/incidents/${data.incident.id}/case/security`}>
              <TextArea view={view} name="securityDescription" label={t('security.description')} errors={errors} rows={2} />
              <RadioGroup
                view={view}
                name="advisedBy"
                legend={t('security.advised_by')}
                value="police"
                errors={errors}
                options={(['police', 'prosecution', 'other'] as const).map((v) => ({ value: v, label: t(`security.${v}`) }))}
              />
              <TextField view={view} name="ownCostCents" label={t('security.own_cost')} errors={errors} />
              <TextField view={view} name="organisationCostCents" label={t('security.org_cost')} errors={errors} />
              <Input view={view} name="safetyNetRequestedOn" type="date" label={t('security.safety_net_on')} errors={errors} />
              <ButtonRow>
                <Button variant="secondary">{t('security.add')}</Button>
              </ButtonRow>
            </Form>
          </Disclosure>
        </section>
      )}
    </Layout>
  );
}

/** The case of one incident, in the request's transaction: one check of its facts for every section. */
async function load(tx: Tx, who: SignedIn, id: string): Promise<CaseData> {
  const subject = await requireOne(tx, who, casePolicy, 'view', id);
  const incident = await findIncident(tx, id);
  if (!incident) throw notFound();
  // The case page shows the incident's personal data: read like the incident page itself.
  await audit(
    tx,
    { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp },
    { action: 'incident.read', objectType: 'incident', objectId: id },
  );
  return {
    incident,
    abilities: casePolicy.abilitiesOf(who, subject),
    deadlines: await deadlinesOfIncident(tx, id),
    police: await policeOf(tx, who, subject),
    damage: await damageOfCase(tx, who, subject),
    escalation: await escalationsOfCase(tx, who, subject),
  };
}

const casePath = (incidentId: string) => `/incidents/${incidentId}/case`;
const saved = (incidentId: string) => `${casePath(incidentId)}?notice=case.saved`;

/** A form of the case page that failed comes back as the case page, in the case page's frame (language switch, navigation). */
async function again(tx: Tx, who: SignedIn, view: View, incidentId: string | undefined, errors: FieldErrors) {
  if (!incidentId || !isUuid(incidentId)) throw notFound();
  return <CasePage view={{ ...view, path: casePath(incidentId) }} data={await load(tx, who, incidentId)} errors={errors} />;
}

export function casePageRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/incidents/:id/case',
    params: idParams,
    handler: async ({ tx, who, view, params }) => <CasePage view={view} data={await load(tx, who, params.id)} errors={{}} />,
  });

  for (const kind of ESCALATION_KINDS) {
    formRoute(app, db, {
      url: `/incidents/:id/case/duty/${kind}`,
      params: idParams,
      form: dutyForm(kind),
      fieldNames: { doneAt: `${kind}-date`, how: `${kind}-how`, reference: `${kind}-reference` },
      command: async ({ tx, who, params, form }) => {
        await recordEscalation(tx, who, params.id, kind, {
          doneAt: form.doneAt,
          how: form[`${kind}-how`] as string,
          reference: (form[`${kind}-reference`] as string | undefined) ?? null,
        });
        return saved(params.id);
      },
      render: ({ tx, who, view, params, errors }) => again(tx, who, view, params.id, errors),
    });
  }

  formRoute(app, db, {
    url: '/incidents/:id/case/injury',
    params: idParams,
    form: injuryForm,
    command: async ({ tx, who, params, form }) => {
      await updateInjury(tx, who, params.id, form);
      return saved(params.id);
    },
    render: ({ tx, who, view, params, errors }) => again(tx, who, view, params.id, errors),
  });

  formRoute(app, db, {
    url: '/incidents/:id/case/consent',
    params: idParams,
    form: consentForm,
    fieldNames: { givenAt: 'givenDate' },
    command: async ({ tx, who, params, form }) => {
      await recordConsent(tx, who, params.id, {
        affectedUserId: form.affectedUserId,
        given: form.given === 'yes',
        how: form.how,
        givenAt: form.givenAt,
        shareBeyondHandlers: form.share,
      });
      return saved(params.id);
    },
    render: ({ tx, who, view, params, errors }) => again(tx, who, view, params.id, errors),
  });

  formRoute(app, db, {
    url: '/incidents/:id/case/report',
    params: idParams,
    form: reportForm,
    command: async ({ tx, who, params, form }) => {
      await fileReport(tx, who, params.id, { ...form, registrationNumber: form.registrationNumber ?? null });
      return saved(params.id);
    },
    render: ({ tx, who, view, params, errors }) => again(tx, who, view, params.id, errors),
  });

  formRoute(app, db, {
    url: '/police-reports/:id',
    params: idParams,
    form: prosecutionForm,
    command: async ({ tx, who, params, form }) => {
      const incidentId = await updateProsecution(tx, who, params.id, {
        registrationNumber: form.registration || null,
        vptConfirmed: form.vptConfirmed,
        ...(form.status ? { prosecutionStatus: form.status } : {}),
        outcome: form.outcome || null,
        feedbackAffectedOn: form.feedbackAffected,
        feedbackCouncilOn: form.feedbackCouncil,
      });
      return saved(incidentId);
    },
    render: ({ tx, who, view, values, errors }) => again(tx, who, view, values.incident, errors),
  });

  formRoute(app, db, {
    url: '/incidents/:id/case/damage',
    params: idParams,
    form: damageForm,
    command: async ({ tx, who, params, form }) => {
      await addDamage(tx, who, params.id, { ...form, claimedOn: null, paidOn: null, paidCents: null, writtenOffOn: null });
      return saved(params.id);
    },
    render: ({ tx, who, view, params, errors }) => again(tx, who, view, params.id, errors),
  });

  formRoute(app, db, {
    url: '/damage/:id',
    params: idParams,
    form: damageUpdateForm,
    command: async ({ tx, who, params, form }) => {
      const incidentId = await updateDamage(tx, who, params.id, {
        kind: form.kind,
        description: form.description,
        amountCents: form.amount,
        reimbursedOn: form.reimbursedOn,
        claimedOn: form.claimedOn,
        paidOn: form.paidOn,
        paidCents: form.paid,
        writtenOffOn: form.writtenOffOn,
      });
      return saved(incidentId);
    },
    render: ({ tx, who, view, values, errors }) => again(tx, who, view, values.incident, errors),
  });

  formRoute(app, db, {
    url: '/incidents/:id/case/triangle',
    params: idParams,
    form: triangleForm,
    command: async ({ tx, who, params, form }) => {
      if (form.unmark) await unmarkTriangle(tx, who, params.id);
      else await markForTriangle(tx, who, params.id, { meetingOn: form.meetingOn, note: form.note ?? null, discussedOn: form.discussedOn });
      return saved(params.id);
    },
    render: ({ tx, who, view, params, errors }) => again(tx, who, view, params.id, errors),
  });

  formRoute(app, db, {
    url: '/incidents/:id/case/security',
    params: idParams,
    form: securityForm,
    fieldNames: { description: 'securityDescription' },
    command: async ({ tx, who, params, form }) => {
      await addSecurityMeasure(tx, who, params.id, {
        description: form.securityDescription,
        advisedBy: form.advisedBy,
        ownCostCents: form.ownCostCents,
        organisationCostCents: form.organisationCostCents,
        safetyNetRequestedOn: form.safetyNetRequestedOn,
      });
      return saved(params.id);
    },
    render: ({ tx, who, view, params, errors }) => again(tx, who, view, params.id, errors),
  });

  pageRoute(app, db, {
    url: '/triangle',
    handler: async ({ tx, who, view }) => {
      const items = await triangleList(tx, who);
      const t = view.t;
      return (
        <Layout view={view} title={t('triangle.list_title')}>
          <Paragraph>{t('triangle.intro')}</Paragraph>
          {items.length === 0 ? (
            <Paragraph>{t('triangle.none')}</Paragraph>
          ) : (
            <UnorderedList>
              {items.map((i) => (
                <ListItem>
                  <Link href={`/incidents/${i.incidentId}`}>{incidentReference(i)}</Link> — {t(`level.${i.level}`)},{' '}
                  {formatDateTime(i.occurredAt, view.lang)}
                  {i.meetingOn && ` — ${t('triangle.meeting_on')} ${formatDay(i.meetingOn, view.lang)}`}
                  {i.discussedOn && ` — ${t('triangle.discussed_on')} ${formatDay(i.discussedOn, view.lang)}`}
                  {i.note && ` — ${i.note}`}
                </ListItem>
              ))}
            </UnorderedList>
          )}
        </Layout>
      );
    },
  });
}
