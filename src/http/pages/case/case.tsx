import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/database.js';
import type { SignedIn } from '../../../domain/auth/session.js';
import { addDamage, listDamage, updateDamage, type DamageItem, type DamageTotals } from '../../../domain/damage/damage.js';
import type { Deadline } from '../../../domain/deadline/deadline.js';
import { incidentDeadlines } from '../../../domain/deadline/deadline-queries.js';
import {
  addSecurityMeasure, getEscalations, markForTriangle, recordEscalation, triangleList, unmarkTriangle, updateInjury, type EscalationView,
} from '../../../domain/escalation/escalation.js';
import { incidentReference, type Incident } from '../../../domain/incident/incident.js';
import { getIncident } from '../../../domain/incident/incident-queries.js';
import { canIncident } from '../../../domain/incident/incident.policy.js';
import { fileReport, getPolice, PROSECUTION_STATUSES, recordConsent, updateProsecution, type PoliceView } from '../../../domain/police/police.js';
import type { AccessReason } from '../../../domain/incident/incident.js';
import { AppError } from '../../../errors.js';
import { Checkbox, Disclosure, Input, RadioGroup, Select, TextArea } from '../../components/fields.js';
import { ErrorSummary, Form, TextField, type FieldErrors } from '../../components/form.js';
import { Layout } from '../../components/layout.js';
import type { View } from '../../components/view.js';
import { field, redirect, requireSignedIn } from '../../context.js';
import { formatDateTime } from '../../i18n/index.js';
import { amsterdamToIso, isoToAmsterdam } from '../../local-time.js';
import { sendPage, viewOf } from '../../render.js';

interface CaseData {
  incident: Incident;
  access: AccessReason;
  deadlines: Deadline[];
  police: PoliceView;
  damage: { items: DamageItem[]; totals: DamageTotals; canManage: boolean };
  escalation: EscalationView;
}

/** "125,50" or "125.50" euro → cents; empty → undefined; anything else → NaN (the schema refuses it). */
export function euroToCents(value: string): number | undefined {
  const v = value.trim().replace(/\s|€/g, '');
  if (!v) return undefined;
  if (!/^\d+([.,]\d{1,2})?$/.test(v)) return Number.NaN;
  return Math.round(Number(v.replace(',', '.')) * 100);
}

export function centsToEuro(cents: number, lang: 'nl' | 'en'): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

function Dl({ rows }: { rows: [string, preact.ComponentChildren][] }) {
  return (
    <dl class="utrecht-data-list">
      {rows.map(([k, v]) => (
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{k}</dt>
          <dd class="utrecht-data-list__item-value">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function DutySection({ view, data, kind, errors }: { view: View; data: CaseData; kind: 'labour_inspectorate' | 'kings_commissioner'; errors: FieldErrors }) {
  const t = view.t;
  const duty = data.escalation.escalations.find((e) => e.kind === kind);
  if (!duty) return null;
  const deadline = data.deadlines.find((d) => d.kind === kind);
  const now = isoToAmsterdam(new Date());
  return (
    <section aria-labelledby={`duty-${kind}`}>
      <h2 class="utrecht-heading-2" id={`duty-${kind}`}>{t(`duty.${kind}`)}</h2>
      {duty.doneAt ? (
        <p class="utrecht-paragraph">{t('duty.done_on', { when: formatDateTime(duty.doneAt, view.lang), how: duty.how ?? '' })}{duty.reference ? ` (${duty.reference})` : ''}</p>
      ) : (
        <>
          <div class="utrecht-alert utrecht-alert--warning" role="alert">
            <p class="utrecht-paragraph">{t(`duty.${kind}_now`, { due: deadline ? formatDateTime(deadline.dueAt, view.lang) : '—' })}</p>
          </div>
          <Form view={view} action={`/incidents/${data.incident.id}/case/duty/${kind}`}>
            <div class="wb-field-row">
              <Input view={view} name={`${kind}-date`} type="date" label={t('duty.when_date')} value={now.date} errors={errors} />
              <Input view={view} name={`${kind}-time`} type="time" label={t('duty.when_time')} value={now.time} errors={errors} />
            </div>
            <TextField view={view} name={`${kind}-how`} label={t('duty.how')} errors={errors} />
            <TextField view={view} name={`${kind}-reference`} label={t('duty.reference')} errors={errors} />
            <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--primary-action">{t('duty.record')}</button></div>
          </Form>
        </>
      )}
    </section>
  );
}

function PoliceSection({ view, data, errors }: { view: View; data: CaseData; errors: FieldErrors }) {
  const t = view.t;
  const { police, incident } = data;
  const now = isoToAmsterdam(new Date());
  const given = police.consents.filter((c) => c.given);
  return (
    <section aria-labelledby="police-heading">
      <h2 class="utrecht-heading-2" id="police-heading">{t('police.title')}</h2>
      <p class="utrecht-paragraph">{t('police.intro')}</p>
      {police.hidden && <p class="utrecht-paragraph">{t('police.hidden')}</p>}
      <p class="utrecht-paragraph"><a class="utrecht-link" href={`/incidents/${incident.id}/case/preparation`}>{t('police.preparation')}</a></p>
      {police.consents.length > 0 && (
        <>
          <h3 class="utrecht-heading-3">{t('police.consents')}</h3>
          <ul class="utrecht-unordered-list">
            {police.consents.map((c) => (
              <li class="utrecht-unordered-list__item">
                {c.affectedName}: {t(c.given ? 'police.consent_given' : 'police.consent_refused')} — {c.how}, {formatDateTime(c.givenAt, view.lang)}
                {c.shareBeyondHandlers && ` — ${t('police.consent_share')}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {police.reports.map((r) => (
        <div class="wb-rule">
          <h3 class="utrecht-heading-3">{t('police.reports')}: {r.registrationNumber ?? '—'}</h3>
          <Dl rows={[
            [t('police.filed_on'), t('police.filed_by', { name: r.filedByName, date: r.filedOn })],
            [t('police.ela'), t(r.elaApplied ? 'case.yes' : 'case.no')],
            [t('police.org_address'), t(r.organisationAddressUsed ? 'case.yes' : 'case.no')],
            [t('police.vpt_requested'), t(r.vptRequested ? 'case.yes' : 'case.no')],
            [t('police.vpt_confirmed'), t(r.vptConfirmed ? 'case.yes' : 'case.no')],
            [t('police.prosecution_status'), r.prosecutionStatus ? t(`prosecution.${r.prosecutionStatus}`) : '—'],
            [t('police.outcome'), r.outcome ?? '—'],
            [t('police.feedback_affected'), r.feedbackAffectedOn ?? '—'],
            [t('police.feedback_council'), r.feedbackCouncilOn ?? '—'],
          ]} />
          {police.canManage && (
            <Disclosure summary={t('police.update')}>
              <Form view={view} action={`/police-reports/${r.id}`}>
                <input type="hidden" name="incident" value={incident.id} />
                <TextField view={view} name={`registration-${r.id}`} label={t('police.registration')} value={r.registrationNumber ?? ''} errors={{}} />
                <Checkbox name={`vptConfirmed-${r.id}`} label={t('police.vpt_confirmed')} checked={r.vptConfirmed} />
                <Select view={view} name={`status-${r.id}`} label={t('police.prosecution_status')} value={r.prosecutionStatus ?? ''} errors={{}}
                  options={[{ value: '', label: '—' }, ...PROSECUTION_STATUSES.map((s) => ({ value: s, label: t(`prosecution.${s}`) }))]} />
                <TextArea view={view} name={`outcome-${r.id}`} label={t('police.outcome')} value={r.outcome ?? ''} errors={{}} rows={2} />
                <Input view={view} name={`feedbackAffected-${r.id}`} type="date" label={t('police.feedback_affected')} value={r.feedbackAffectedOn ?? ''} errors={{}} />
                <Input view={view} name={`feedbackCouncil-${r.id}`} type="date" label={t('police.feedback_council')} value={r.feedbackCouncilOn ?? ''} errors={{}} />
                <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('police.update')}</button></div>
              </Form>
            </Disclosure>
          )}
        </div>
      ))}
      {police.canManage && (
        <>
          <Disclosure summary={t('police.consent_record')} open={Boolean(errors.how || errors.affectedUserId)}>
            <Form view={view} action={`/incidents/${incident.id}/case/consent`}>
              <Select view={view} name="affectedUserId" label={t('police.consent_person')} value="" errors={errors} options={incident.affected.map((a) => ({ value: a.id, label: a.name }))} />
              <RadioGroup view={view} name="given" legend={t('police.consent_answer')} value="yes" errors={errors}
                options={[{ value: 'yes', label: t('police.consent_yes') }, { value: 'no', label: t('police.consent_no') }]} />
              <TextField view={view} name="how" label={t('police.consent_how')} errors={errors} />
              <div class="wb-field-row">
                <Input view={view} name="givenDate" type="date" label={t('duty.when_date')} value={now.date} errors={errors} />
                <Input view={view} name="givenTime" type="time" label={t('duty.when_time')} value={now.time} errors={{}} />
              </div>
              <Checkbox name="share" label={t('police.consent_share')} checked={false} />
              <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('police.consent_record')}</button></div>
            </Form>
          </Disclosure>
          {given.length > 0 && (
            <Disclosure summary={t('police.report_record')} open={Boolean(errors.consentId || errors.filedOn)}>
              <Form view={view} action={`/incidents/${incident.id}/case/report`}>
                <Select view={view} name="consentId" label={t('police.report_consent')} value="" errors={errors}
                  options={given.map((c) => ({ value: c.id, label: `${c.affectedName} (${formatDateTime(c.givenAt, view.lang)})` }))} />
                <Input view={view} name="filedOn" type="date" label={t('police.filed_on')} value={now.date} errors={errors} />
                <TextField view={view} name="registrationNumber" label={t('police.registration')} errors={errors} />
                <Checkbox name="elaApplied" label={t('police.ela')} checked />
                <Checkbox name="organisationAddressUsed" label={t('police.org_address')} checked />
                <Checkbox name="vptRequested" label={t('police.vpt_requested')} checked />
                <Checkbox name="vptConfirmed" label={t('police.vpt_confirmed')} checked={false} />
                <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--primary-action">{t('police.report_record')}</button></div>
              </Form>
            </Disclosure>
          )}
        </>
      )}
    </section>
  );
}

function DamageSection({ view, data, errors }: { view: View; data: CaseData; errors: FieldErrors }) {
  const t = view.t;
  const { items, totals } = data.damage;
  const money = (c: number) => centsToEuro(c, view.lang);
  return (
    <section aria-labelledby="damage-heading">
      <h2 class="utrecht-heading-2" id="damage-heading">{t('damage.title')}</h2>
      <p class="utrecht-paragraph">{t('damage.intro')}</p>
      {items.length > 0 && (
        <div class="utrecht-table-container">
          <table class="utrecht-table">
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                {['damage.description', 'damage.kind', 'damage.amount', 'damage.reimbursed_on', 'damage.claimed_on', 'damage.paid_on', 'damage.written_off_on'].map((k) => (
                  <th class="utrecht-table__header-cell" scope="col">{t(k)}</th>
                ))}
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {items.map((i) => (
                <tr class="utrecht-table__row">
                  <td class="utrecht-table__cell">{i.description}</td>
                  <td class="utrecht-table__cell">{t(`damage.${i.kind}`)}</td>
                  <td class="utrecht-table__cell">{money(i.amountCents)}</td>
                  <td class="utrecht-table__cell">{i.reimbursedOn ?? '—'}</td>
                  <td class="utrecht-table__cell">{i.claimedOn ?? '—'}</td>
                  <td class="utrecht-table__cell">{i.paidOn ? `${i.paidOn} (${money(i.paidCents ?? 0)})` : '—'}</td>
                  <td class="utrecht-table__cell">{i.writtenOffOn ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 class="utrecht-heading-3">{t('damage.totals')}</h3>
      <Dl rows={[
        [t('damage.total'), money(totals.totalCents)], [t('damage.reimbursed'), money(totals.reimbursedCents)], [t('damage.claimed'), money(totals.claimedCents)],
        [t('damage.recovered'), money(totals.recoveredCents)], [t('damage.written_off'), money(totals.writtenOffCents)], [t('damage.outstanding'), money(totals.outstandingCents)],
      ]} />
      {items.map((i) => (
        <Disclosure summary={`${t('damage.update')}: ${i.description}`}>
          <Form view={view} action={`/damage/${i.id}`}>
            <input type="hidden" name="incident" value={data.incident.id} />
            <input type="hidden" name={`kind-${i.id}`} value={i.kind} />
            <input type="hidden" name={`description-${i.id}`} value={i.description} />
            <input type="hidden" name={`amount-${i.id}`} value={String(i.amountCents / 100)} />
            <Input view={view} name={`reimbursedOn-${i.id}`} type="date" label={t('damage.reimbursed_on')} value={i.reimbursedOn ?? ''} errors={{}} />
            <Input view={view} name={`claimedOn-${i.id}`} type="date" label={t('damage.claimed_on')} value={i.claimedOn ?? ''} errors={{}} />
            <Input view={view} name={`paidOn-${i.id}`} type="date" label={t('damage.paid_on')} value={i.paidOn ?? ''} errors={{}} />
            <TextField view={view} name={`paid-${i.id}`} label={t('damage.paid_amount')} value={i.paidCents !== null ? String(i.paidCents / 100) : ''} errors={{}} inputMode="text" />
            <Input view={view} name={`writtenOffOn-${i.id}`} type="date" label={t('damage.written_off_on')} value={i.writtenOffOn ?? ''} errors={{}} />
            <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('damage.update')}</button></div>
          </Form>
        </Disclosure>
      ))}
      <Disclosure summary={t('damage.add')} open={Boolean(errors.amountCents || errors.description || errors.kind)}>
        <Form view={view} action={`/incidents/${data.incident.id}/case/damage`}>
          <RadioGroup view={view} name="kind" legend={t('damage.kind')} value="material" errors={errors}
            options={[{ value: 'material', label: t('damage.material') }, { value: 'immaterial', label: t('damage.immaterial') }]} />
          <TextField view={view} name="description" label={t('damage.description')} errors={errors} />
          <TextField view={view} name="amountCents" label={t('damage.amount')} errors={errors} />
          <Input view={view} name="reimbursedOn" type="date" label={t('damage.reimbursed_on')} errors={errors} />
          <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('damage.add')}</button></div>
        </Form>
      </Disclosure>
    </section>
  );
}

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

