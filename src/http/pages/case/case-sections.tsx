import type { CaseAbility } from '../../../domain/case/case.policy.js';
import type { DamageView } from '../../../domain/damage/damage.js';
import type { Deadline } from '../../../domain/deadline/deadline.js';
import type { EscalationView } from '../../../domain/escalation/escalation.js';
import type { Incident } from '../../../domain/incident/incident.js';
import { PROSECUTION_STATUSES, type PoliceView } from '../../../domain/police/police.js';
import {
  Alert,
  Button,
  ButtonRow,
  Checkbox,
  DataList,
  DataRow,
  Disclosure,
  Form,
  Heading,
  Input,
  Link,
  ListItem,
  Paragraph,
  RadioGroup,
  Select,
  Table,
  TextArea,
  TextField,
  UnorderedList,
  type FieldErrors,
} from '../../components/index.js';
import type { View } from '../../components/view.js';
import { euroFieldValue, formatDay, formatEuro, parseEuro } from '../../displayed.js';
import { formatDateTime } from '../../i18n/index.js';
import { amsterdamParts } from '../../../time/amsterdam.js';

/** The sections of the case page: duties, police report and damage. */
export interface CaseData {
  incident: Incident;
  /** What the viewer may do in this case (the case policy); the page shows only those forms. */
  abilities: readonly CaseAbility[];
  deadlines: Deadline[];
  police: PoliceView;
  damage: DamageView;
  escalation: EscalationView;
}

/** An amount as people type it or the page shows it ("€ 1.250,50") → cents; empty → undefined; anything else → NaN. */
export const euroToCents = parseEuro;

/** Cents as the page shows an amount: "€ 1.250,50". */
export const centsToEuro = formatEuro;

export function Dl({ rows }: { rows: [string, preact.ComponentChildren][] }) {
  return (
    <DataList>
      {rows.map(([k, v]) => (
        <DataRow label={k}>{v}</DataRow>
      ))}
    </DataList>
  );
}

export function DutySection({
  view,
  data,
  kind,
  errors,
}: {
  view: View;
  data: CaseData;
  kind: 'labour_inspectorate' | 'kings_commissioner';
  errors: FieldErrors;
}) {
  const t = view.t;
  const duty = data.escalation.escalations.find((e) => e.kind === kind);
  if (!duty) return null;
  const deadline = data.deadlines.find((d) => d.kind === kind);
  const now = amsterdamParts(new Date());
  return (
    <section aria-labelledby={`duty-${kind}`}>
      <Heading level={2} id={`duty-${kind}`}>
        {t(`duty.${kind}`)}
      </Heading>
      {duty.doneAt ? (
        <Paragraph>
          {t('duty.done_on', { when: formatDateTime(duty.doneAt, view.lang), how: duty.how ?? '' })}
          {duty.reference ? ` (${duty.reference})` : ''}
        </Paragraph>
      ) : (
        <>
          <Alert type="warning" role="alert">
            <Paragraph>{t(`duty.${kind}_now`, { due: deadline ? formatDateTime(deadline.dueAt, view.lang) : '—' })}</Paragraph>
          </Alert>
          <Form view={view} action={`/incidents/${data.incident.id}/case/duty/${kind}`}>
            <div class="wb-field-row">
              <Input view={view} name={`${kind}-date`} type="date" label={t('duty.when_date')} value={now.date} errors={errors} />
              <Input view={view} name={`${kind}-time`} type="time" label={t('duty.when_time')} value={now.time} errors={errors} />
            </div>
            <TextField view={view} name={`${kind}-how`} label={t('duty.how')} errors={errors} />
            <TextField view={view} name={`${kind}-reference`} label={t('duty.reference')} errors={errors} />
            <ButtonRow>
              <Button variant="primary">{t('duty.record')}</Button>
            </ButtonRow>
          </Form>
        </>
      )}
    </section>
  );
}

export function PoliceSection({ view, data, errors }: { view: View; data: CaseData; errors: FieldErrors }) {
  const t = view.t;
  const { police, incident } = data;
  const now = amsterdamParts(new Date());
  const given = police.consents.filter((c) => c.given);
  return (
    <section aria-labelledby="police-heading">
      <Heading level={2} id="police-heading">
        {t('police.title')}
      </Heading>
      <Paragraph>{t('police.intro')}</Paragraph>
      {police.hidden && <Paragraph>{t('police.hidden')}</Paragraph>}
      <Paragraph>
        <Link href={`/incidents/${incident.id}/case/preparation`}>{t('police.preparation')}</Link>
      </Paragraph>
      {police.consents.length > 0 && (
        <>
          <Heading level={3}>{t('police.consents')}</Heading>
          <UnorderedList>
            {police.consents.map((c) => (
              <ListItem>
                {c.affectedName}: {t(c.given ? 'police.consent_given' : 'police.consent_refused')} — {c.how},{' '}
                {formatDateTime(c.givenAt, view.lang)}
                {` — ${t(c.shareBeyondHandlers ? 'police.share_yes' : 'police.share_no')}`}
              </ListItem>
            ))}
          </UnorderedList>
        </>
      )}
      {police.reports.map((r) => (
        <div class="wb-rule">
          <Heading level={3}>
            {t('police.reports')}: {r.registrationNumber ?? '—'}
          </Heading>
          <Dl
            rows={[
              [t('police.filed_on'), t('police.filed_by', { name: r.filedByName, date: formatDay(r.filedOn, view.lang) })],
              [t('police.ela'), t(r.elaApplied ? 'case.yes' : 'case.no')],
              [t('police.org_address'), t(r.organisationAddressUsed ? 'case.yes' : 'case.no')],
              [t('police.vpt_requested'), t(r.vptRequested ? 'case.yes' : 'case.no')],
              [t('police.vpt_confirmed'), t(r.vptConfirmed ? 'case.yes' : 'case.no')],
              [t('police.prosecution_status'), r.prosecutionStatus ? t(`prosecution.${r.prosecutionStatus}`) : '—'],
              [t('police.outcome'), r.outcome ?? '—'],
              [t('police.feedback_affected'), r.feedbackAffectedOn ? formatDay(r.feedbackAffectedOn, view.lang) : '—'],
              [t('police.feedback_council'), r.feedbackCouncilOn ? formatDay(r.feedbackCouncilOn, view.lang) : '—'],
            ]}
          />
          {data.abilities.includes('police.manage') && (
            <Disclosure summary={t('police.update')}>
              <Form view={view} action={`/police-reports/${r.id}`}>
                <input type="hidden" name="incident" value={incident.id} />
                <TextField
                  view={view}
                  name={`registration-${r.id}`}
                  label={t('police.registration')}
                  value={r.registrationNumber ?? ''}
                  errors={{}}
                />
                <Checkbox name={`vptConfirmed-${r.id}`} label={t('police.vpt_confirmed')} checked={r.vptConfirmed} />
                <Select
                  view={view}
                  name={`status-${r.id}`}
                  label={t('police.prosecution_status')}
                  value={r.prosecutionStatus ?? ''}
                  errors={{}}
                  options={[{ value: '', label: '—' }, ...PROSECUTION_STATUSES.map((s) => ({ value: s, label: t(`prosecution.${s}`) }))]}
                />
                <TextArea view={view} name={`outcome-${r.id}`} label={t('police.outcome')} value={r.outcome ?? ''} errors={{}} rows={2} />
                <Input
                  view={view}
                  name={`feedbackAffected-${r.id}`}
                  type="date"
                  label={t('police.feedback_affected')}
                  value={r.feedbackAffectedOn ?? ''}
                  errors={{}}
                />
                <Input
                  view={view}
                  name={`feedbackCouncil-${r.id}`}
                  type="date"
                  label={t('police.feedback_council')}
                  value={r.feedbackCouncilOn ?? ''}
                  errors={{}}
                />
                <ButtonRow>
                  <Button variant="secondary">{t('police.update')}</Button>
                </ButtonRow>
              </Form>
            </Disclosure>
          )}
        </div>
      ))}
      {data.abilities.includes('police.manage') && (
        <>
          <Disclosure summary={t('police.consent_record')} open={Boolean(errors.how || errors.affectedUserId)}>
            <Form view={view} action={`/incidents/${incident.id}/case/consent`}>
              <Select
                view={view}
                name="affectedUserId"
                label={t('police.consent_person')}
                value=""
                errors={errors}
                options={incident.affected.map((a) => ({ value: a.id, label: a.name }))}
              />
              <RadioGroup
                view={view}
                name="given"
                legend={t('police.consent_answer')}
                value="yes"
                errors={errors}
                options={[
                  { value: 'yes', label: t('police.consent_yes') },
                  { value: 'no', label: t('police.consent_no') },
                ]}
              />
              <TextField view={view} name="how" label={t('police.consent_how')} errors={errors} />
              <div class="wb-field-row">
                <Input view={view} name="givenDate" type="date" label={t('duty.when_date')} value={now.date} errors={errors} />
                <Input view={view} name="givenTime" type="time" label={t('duty.when_time')} value={now.time} errors={{}} />
              </div>
              <Checkbox name="share" label={t('police.consent_share')} checked={false} />
              <ButtonRow>
                <Button variant="secondary">{t('police.consent_record')}</Button>
              </ButtonRow>
            </Form>
          </Disclosure>
          {given.length > 0 && (
            <Disclosure summary={t('police.report_record')} open={Boolean(errors.consentId || errors.filedOn)}>
              <Form view={view} action={`/incidents/${incident.id}/case/report`}>
                <Select
                  view={view}
                  name="consentId"
                  label={t('police.report_consent')}
                  value=""
                  errors={errors}
                  options={given.map((c) => ({ value: c.id, label: `${c.affectedName} (${formatDateTime(c.givenAt, view.lang)})` }))}
                />
                <Input view={view} name="filedOn" type="date" label={t('police.filed_on')} value={now.date} errors={errors} />
                <TextField view={view} name="registrationNumber" label={t('police.registration')} errors={errors} />
                <Checkbox name="elaApplied" label={t('police.ela')} checked />
                <Checkbox name="organisationAddressUsed" label={t('police.org_address')} checked />
                <Checkbox name="vptRequested" label={t('police.vpt_requested')} checked />
                <Checkbox name="vptConfirmed" label={t('police.vpt_confirmed')} checked={false} />
                <ButtonRow>
                  <Button variant="primary">{t('police.report_record')}</Button>
                </ButtonRow>
              </Form>
            </Disclosure>
          )}
        </>
      )}
    </section>
  );
}

export function DamageSection({ view, data, errors }: { view: View; data: CaseData; errors: FieldErrors }) {
  const t = view.t;
  const { items, totals } = data.damage;
  const money = (c: number) => centsToEuro(c, view.lang);
  const day = (d: string | null) => (d ? formatDay(d, view.lang) : '—');
  return (
    <section aria-labelledby="damage-heading">
      <Heading level={2} id="damage-heading">
        {t('damage.title')}
      </Heading>
      <Paragraph>{t('damage.intro')}</Paragraph>
      <Table<DamageView['items'][number]>
        caption={t('damage.title')}
        captionHidden
        rows={items}
        columns={[
          { header: t('damage.description'), cell: (i) => i.description },
          { header: t('damage.kind'), cell: (i) => t(`damage.${i.kind}`) },
          { header: t('damage.amount'), cell: (i) => money(i.amountCents) },
          { header: t('damage.reimbursed_on'), cell: (i) => day(i.reimbursedOn) },
          { header: t('damage.claimed_on'), cell: (i) => day(i.claimedOn) },
          { header: t('damage.paid_on'), cell: (i) => (i.paidOn ? `${day(i.paidOn)} (${money(i.paidCents ?? 0)})` : '—') },
          { header: t('damage.written_off_on'), cell: (i) => day(i.writtenOffOn) },
        ]}
      />
      <Heading level={3}>{t('damage.totals')}</Heading>
      <Dl
        rows={[
          [t('damage.total'), money(totals.totalCents)],
          [t('damage.reimbursed'), money(totals.reimbursedCents)],
          [t('damage.claimed'), money(totals.claimedCents)],
          [t('damage.recovered'), money(totals.recoveredCents)],
          [t('damage.written_off'), money(totals.writtenOffCents)],
          [t('damage.outstanding'), money(totals.outstandingCents)],
        ]}
      />
      {items.map((i) => (
        <Disclosure summary={`${t('damage.update')}: ${i.description}`}>
          <Form view={view} action={`/damage/${i.id}`}>
            <input type="hidden" name="incident" value={data.incident.id} />
            <input type="hidden" name={`kind-${i.id}`} value={i.kind} />
            <input type="hidden" name={`description-${i.id}`} value={i.description} />
            <input type="hidden" name={`amount-${i.id}`} value={euroFieldValue(i.amountCents, view.lang)} />
            <Input
              view={view}
              name={`reimbursedOn-${i.id}`}
              type="date"
              label={t('damage.reimbursed_on')}
              value={i.reimbursedOn ?? ''}
              errors={{}}
            />
            <Input
              view={view}
              name={`claimedOn-${i.id}`}
              type="date"
              label={t('damage.claimed_on')}
              value={i.claimedOn ?? ''}
              errors={{}}
            />
            <Input view={view} name={`paidOn-${i.id}`} type="date" label={t('damage.paid_on')} value={i.paidOn ?? ''} errors={{}} />
            <TextField
              view={view}
              name={`paid-${i.id}`}
              label={t('damage.paid_amount')}
              value={i.paidCents !== null ? euroFieldValue(i.paidCents, view.lang) : ''}
              errors={{}}
              inputMode="text"
            />
            <Input
              view={view}
              name={`writtenOffOn-${i.id}`}
              type="date"
              label={t('damage.written_off_on')}
              value={i.writtenOffOn ?? ''}
              errors={{}}
            />
            <ButtonRow>
              <Button variant="secondary">{t('damage.update')}</Button>
            </ButtonRow>
          </Form>
        </Disclosure>
      ))}
      <Disclosure summary={t('damage.add')} open={Boolean(errors.amountCents || errors.description || errors.kind)}>
        <Form view={view} action={`/incidents/${data.incident.id}/case/damage`}>
          <RadioGroup
            view={view}
            name="kind"
            legend={t('damage.kind')}
            value="material"
            errors={errors}
            options={[
              { value: 'material', label: t('damage.material') },
              { value: 'immaterial', label: t('damage.immaterial') },
            ]}
          />
          <TextField view={view} name="description" label={t('damage.description')} errors={errors} />
          <TextField view={view} name="amountCents" label={t('damage.amount')} errors={errors} />
          <Input view={view} name="reimbursedOn" type="date" label={t('damage.reimbursed_on')} errors={errors} />
          <ButtonRow>
            <Button variant="secondary">{t('damage.add')}</Button>
          </ButtonRow>
        </Form>
      </Disclosure>
    </section>
  );
}
