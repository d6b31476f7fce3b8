import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/database.js';
import type { SignedIn } from '../../../domain/auth/session.js';
import { addDamage, listDamage, updateDamage } from '../../../domain/damage/damage.js';
import { incidentDeadlines } from '../../../domain/deadline/deadline-queries.js';
import {
  addSecurityMeasure, getEscalations, markForTriangle, recordEscalation, triangleList, unmarkTriangle, updateInjury,
} from '../../../domain/escalation/escalation.js';
import { incidentReference } from '../../../domain/incident/incident.js';
import { getIncident } from '../../../domain/incident/incident-queries.js';
import { canIncident } from '../../../domain/incident/incident.policy.js';
import { fileReport, getPolice, recordConsent, updateProsecution } from '../../../domain/police/police.js';
import { AppError } from '../../../errors.js';
import { Checkbox, Disclosure, Input, RadioGroup, TextArea } from '../../components/fields.js';
import { ErrorSummary, Form, TextField, type FieldErrors } from '../../components/form.js';
import { Layout } from '../../components/layout.js';
import type { View } from '../../components/view.js';
import { field, redirect, requireSignedIn } from '../../context.js';
import { formatDateTime } from '../../i18n/index.js';
import { amsterdamToIso } from '../../local-time.js';
import { sendPage, viewOf } from '../../render.js';
import { centsToEuro, DamageSection, DutySection, euroToCents, PoliceSection, type CaseData } from './case-sections.js';

function CasePage({ view, data, errors }: { view: View; data: CaseData; errors: FieldErrors }) {
  const t = view.t;
  const reference = incidentReference(data.incident);
  const handler = data.escalation.canManage;
  const { triangle } = data.escalation;
  const injury = data.incident.injury;
  return (
    <Layout view={view} title={t('case.title', { reference })}>
      <p class="utrecht-paragraph"><a class="utrecht-link" href={`/incidents/${data.incident.id}`}>{t('case.back')}</a></p>
      <ErrorSummary view={view} errors={errors} />
      {handler && <DutySection view={view} data={data} kind="labour_inspectorate" errors={errors} />}
      {handler && <DutySection view={view} data={data} kind="kings_commissioner" errors={errors} />}
      {canIncident(data.access, 'add_information') && (
        <section aria-labelledby="injury-heading">
          <h2 class="utrecht-heading-2" id="injury-heading">{t('injury.title')}</h2>
          <p class="utrecht-paragraph">{t('injury.intro')}</p>
          <Form view={view} action={`/incidents/${data.incident.id}/case/injury`}>
            <Checkbox name="physical" label={t('report.injury_physical')} checked={injury.physical} />
            <Checkbox name="mental" label={t('report.injury_mental')} checked={injury.mental} />
            <Checkbox name="hospital" label={t('report.injury_hospital')} checked={injury.hospital} />
            <Checkbox name="lastingHarm" label={t('report.injury_lasting')} checked={injury.lastingHarm} />
            <Checkbox name="death" label={t('report.injury_death')} checked={injury.death} />
            <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('injury.save')}</button></div>
          </Form>
        </section>
      )}
      <PoliceSection view={view} data={data} errors={errors} />
      {handler ? (
        <>
          <DamageSection view={view} data={data} errors={errors} />
          <section aria-labelledby="triangle-heading">
            <h2 class="utrecht-heading-2" id="triangle-heading">{t('triangle.title')}</h2>
            <p class="utrecht-paragraph">{t('triangle.intro')}</p>
            <Form view={view} action={`/incidents/${data.incident.id}/case/triangle`}>
              <Input view={view} name="meetingOn" type="date" label={t('triangle.meeting_on')} value={triangle?.meetingOn ?? ''} errors={errors} />
              <TextArea view={view} name="note" label={t('triangle.note')} value={triangle?.note ?? ''} errors={errors} rows={2} />
              <Input view={view} name="discussedOn" type="date" label={t('triangle.discussed_on')} value={triangle?.discussedOn ?? ''} errors={errors} />
              <div class="wb-actions wb-button-row">
                <button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('triangle.mark')}</button>
                {triangle && <button type="submit" name="unmark" value="1" class="utrecht-button utrecht-button--subtle">{t('triangle.unmark')}</button>}
              </div>
            </Form>
          </section>
        </>
      ) : (
        <p class="utrecht-paragraph">{t('case.not_handler')}</p>
      )}
      {data.escalation.securityMeasures && (
        <section aria-labelledby="security-heading">
          <h2 class="utrecht-heading-2" id="security-heading">{t('security.title')}</h2>
          <p class="utrecht-paragraph">{t('security.intro')}</p>
          <ul class="utrecht-unordered-list">
            {data.escalation.securityMeasures.map((m) => (
              <li class="utrecht-unordered-list__item">
                {m.description} — {t(`security.${m.advisedBy}`)}; {t('security.own_cost')}: {centsToEuro(m.ownCostCents, view.lang)}; {t('security.org_cost')}: {centsToEuro(m.organisationCostCents, view.lang)}
                {m.safetyNetRequestedOn && `; ${t('security.safety_net_on')} ${m.safetyNetRequestedOn}`}
              </li>
            ))}
          </ul>
          <Disclosure summary={t('security.add')} open={Boolean(errors.ownCostCents || errors.organisationCostCents || errors.advisedBy)}>
            <Form view={view} action={`/incidents/${data.incident.id}/case/security`}>
              <TextArea view={view} name="securityDescription" label={t('security.description')} errors={errors} rows={2} />
              <RadioGroup view={view} name="advisedBy" legend={t('security.advised_by')} value="police" errors={errors}
                options={(['police', 'prosecution', 'other'] as const).map((v) => ({ value: v, label: t(`security.${v}`) }))} />
              <TextField view={view} name="ownCostCents" label={t('security.own_cost')} errors={errors} />
              <TextField view={view} name="organisationCostCents" label={t('security.org_cost')} errors={errors} />
              <Input view={view} name="safetyNetRequestedOn" type="date" label={t('security.safety_net_on')} errors={errors} />
              <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('security.add')}</button></div>
            </Form>
          </Disclosure>
        </section>
      )}
    </Layout>
  );
}

async function load(db: Db, who: SignedIn, id: string): Promise<CaseData> {
  const { incident, access } = await getIncident(db, who, id);
  const [deadlines, police, damage, escalation] = await Promise.all([
    incidentDeadlines(db, who, id), getPolice(db, who, id), listDamage(db, who, id), getEscalations(db, who, id),
  ]);
  return { incident, access, deadlines, police, damage, escalation };
}

/** Runs a form's command; bad input shows the page again with the messages, success goes back to it. */
async function handle(db: Db, request: FastifyRequest, reply: FastifyReply, incidentId: string, command: (who: SignedIn) => Promise<unknown>) {
  const who = requireSignedIn(request);
  try {
    await command(who);
  } catch (error) {
    if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error;
    const errors = Object.keys(error.fields).length ? error.fields : { _: error.messageKey };
    // The page answers the form's address, but its frame (language switch, navigation) is the case page's.
    const view = { ...viewOf(request), path: `/incidents/${incidentId}/case` };
    return sendPage(reply, <CasePage view={view} data={await load(db, who, incidentId)} errors={errors} />, error.status);
  }
  return redirect(reply, `/incidents/${incidentId}/case?notice=case.saved`);
}

export function casePageRoutes(app: FastifyInstance, db: Db) {
  const id = (request: FastifyRequest) => (request.params as { id: string }).id;
  const body = (request: FastifyRequest, name: string) => field(request.body, name);
  const checked = (request: FastifyRequest, name: string) => field(request.body, name) === 'on';

  app.get('/incidents/:id/case', async (request, reply) => {
    const who = requireSignedIn(request);
    return sendPage(reply, <CasePage view={viewOf(request)} data={await load(db, who, id(request))} errors={{}} />);
  });

  app.post('/incidents/:id/case/duty/:kind', (request, reply) => {
    const kind = (request.params as { kind: string }).kind === 'kings_commissioner' ? 'kings_commissioner' : 'labour_inspectorate';
    return handle(db, request, reply, id(request), (who) => recordEscalation(db, who, id(request), kind, {
      doneAt: amsterdamToIso(body(request, `${kind}-date`), body(request, `${kind}-time`)) ?? 'ongeldig',
      how: body(request, `${kind}-how`), reference: body(request, `${kind}-reference`),
    }));
  });

  app.post('/incidents/:id/case/injury', (request, reply) =>
    handle(db, request, reply, id(request), (who) => updateInjury(db, who, id(request), {
      physical: checked(request, 'physical'), mental: checked(request, 'mental'), hospital: checked(request, 'hospital'),
      lastingHarm: checked(request, 'lastingHarm'), death: checked(request, 'death'),
    })));

  app.post('/incidents/:id/case/consent', (request, reply) =>
    handle(db, request, reply, id(request), (who) => recordConsent(db, who, id(request), {
      affectedUserId: body(request, 'affectedUserId'), given: body(request, 'given') === 'yes', how: body(request, 'how'),
      givenAt: amsterdamToIso(body(request, 'givenDate'), body(request, 'givenTime')) ?? 'ongeldig', shareBeyondHandlers: checked(request, 'share'),
    })));

  app.post('/incidents/:id/case/report', (request, reply) =>
    handle(db, request, reply, id(request), (who) => fileReport(db, who, id(request), {
      consentId: body(request, 'consentId'), filedOn: body(request, 'filedOn'), registrationNumber: body(request, 'registrationNumber'),
      elaApplied: checked(request, 'elaApplied'), organisationAddressUsed: checked(request, 'organisationAddressUsed'),
      vptRequested: checked(request, 'vptRequested'), vptConfirmed: checked(request, 'vptConfirmed'),
    })));

  app.post('/police-reports/:id', (request, reply) => {
    const reportId = id(request);
    return handle(db, request, reply, body(request, 'incident'), (who) => updateProsecution(db, who, reportId, {
      registrationNumber: body(request, `registration-${reportId}`), vptConfirmed: checked(request, `vptConfirmed-${reportId}`),
      ...(body(request, `status-${reportId}`) ? { prosecutionStatus: body(request, `status-${reportId}`) } : {}),
      outcome: body(request, `outcome-${reportId}`), feedbackAffectedOn: body(request, `feedbackAffected-${reportId}`), feedbackCouncilOn: body(request, `feedbackCouncil-${reportId}`),
    }));
  });

  app.post('/incidents/:id/case/damage', (request, reply) =>
    handle(db, request, reply, id(request), (who) => addDamage(db, who, id(request), {
      kind: body(request, 'kind'), description: body(request, 'description'), amountCents: euroToCents(body(request, 'amountCents')) ?? Number.NaN,
      reimbursedOn: body(request, 'reimbursedOn'),
    })));

  app.post('/damage/:id', (request, reply) => {
    const itemId = id(request);
    const paid = euroToCents(body(request, `paid-${itemId}`));
    return handle(db, request, reply, body(request, 'incident'), (who) => updateDamage(db, who, itemId, {
      kind: body(request, `kind-${itemId}`), description: body(request, `description-${itemId}`), amountCents: euroToCents(body(request, `amount-${itemId}`)) ?? Number.NaN,
      reimbursedOn: body(request, `reimbursedOn-${itemId}`), claimedOn: body(request, `claimedOn-${itemId}`), paidOn: body(request, `paidOn-${itemId}`),
      ...(paid !== undefined ? { paidCents: paid } : {}), writtenOffOn: body(request, `writtenOffOn-${itemId}`),
    }));
  });

  app.post('/incidents/:id/case/triangle', (request, reply) =>
    handle(db, request, reply, id(request), (who) => body(request, 'unmark') === '1'
      ? unmarkTriangle(db, who, id(request))
      : markForTriangle(db, who, id(request), { meetingOn: body(request, 'meetingOn'), note: body(request, 'note'), discussedOn: body(request, 'discussedOn') })));

  app.post('/incidents/:id/case/security', (request, reply) =>
    handle(db, request, reply, id(request), (who) => addSecurityMeasure(db, who, id(request), {
      description: body(request, 'securityDescription'), advisedBy: body(request, 'advisedBy'),
      ownCostCents: euroToCents(body(request, 'ownCostCents')) ?? 0, organisationCostCents: euroToCents(body(request, 'organisationCostCents')) ?? 0,
      safetyNetRequestedOn: body(request, 'safetyNetRequestedOn'),
    })));

  app.get('/triangle', async (request, reply) => {
    const who = requireSignedIn(request);
    const items = await triangleList(db, who);
    const view = viewOf(request);
    const t = view.t;
    return sendPage(reply, (
      <Layout view={view} title={t('triangle.list_title')}>
        <p class="utrecht-paragraph">{t('triangle.intro')}</p>
        {items.length === 0 ? <p class="utrecht-paragraph">{t('triangle.none')}</p> : (
          <ul class="utrecht-unordered-list">
            {items.map((i) => (
              <li class="utrecht-unordered-list__item">
                <a class="utrecht-link" href={`/incidents/${i.incidentId}`}>{incidentReference(i)}</a> — {t(`level.${i.level}`)}, {formatDateTime(i.occurredAt, view.lang)}
                {i.meetingOn && ` — ${t('triangle.meeting_on')} ${i.meetingOn}`}{i.discussedOn && ` — ${t('triangle.discussed_on')} ${i.discussedOn}`}{i.note && ` — ${i.note}`}
              </li>
            ))}
          </ul>
        )}
      </Layout>
    ));
  });
}

