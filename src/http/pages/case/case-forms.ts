import { z } from 'zod';
import type { EscalationKind } from '../../../domain/escalation/escalation.js';
import { PROSECUTION_STATUSES } from '../../../domain/police/police.js';
import { formCheckbox, formChoice, formDate, formId, formOptional, formRequired, formText, withMoment } from '../../forms.js';
import { dayField } from '../../displayed.js';
import { euroToCents } from './case-sections.js';

/** The forms of the case page, as zod schemas of their fields (messages are message keys). */

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const text = (value: unknown) => (typeof first(value) === 'string' ? (first(value) as string).trim() : '');

/** A calendar day that exists, as a date field sends it or as the page shows it ("1 december 2026"): YYYY-MM-DD. */
const day = (message: string) => formDate(message).pipe(z.iso.date({ error: message }));
/** A calendar day that may stay empty: null. */
const optionalDay = () => z.preprocess((v) => dayField(text(v)) || null, z.iso.date({ error: 'error.date_invalid' }).nullable());

const cents = (message: string) => z.number({ error: message }).int(message).min(0, message).max(100_000_000, message);
/** An amount in euro as people type it ("125,50"), in cents. */
const euro = () => z.preprocess((v) => euroToCents(text(v)), cents('error.amount'));
/** An amount that may stay empty: zero. */
const euroOrZero = () => z.preprocess((v) => euroToCents(text(v)) ?? 0, cents('error.amount'));
/** An amount that may stay empty: null. */
const optionalEuro = () => z.preprocess((v) => euroToCents(text(v)) ?? null, cents('error.amount').nullable());

/**
 * Each row of a list (a police report, a damage item) has its own form on the page, its
 * fields named `<field>-<row id>` so that ids stay unique; the row's id is stripped here.
 */
const ofRow = <S extends z.ZodObject>(schema: S) =>
  z.preprocess(
    (body) =>
      Object.fromEntries(
        Object.entries((body ?? {}) as Record<string, unknown>).map(([key, value]) => [
          key.replace(/-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, ''),
          value,
        ]),
      ),
    schema,
  );

/** When and how the duty was done; the date and time fields carry the kind in their names. */
export const dutyForm = (kind: EscalationKind) =>
  withMoment(
    z.object({ [`${kind}-how`]: formRequired('error.how_required', 1000), [`${kind}-reference`]: formOptional(200) }),
    'doneAt',
    `${kind}-date`,
    `${kind}-time`,
    'error.occurred_at_invalid',
  );

export const injuryForm = z.object({
  physical: formCheckbox(),
  mental: formCheckbox(),
  hospital: formCheckbox(),
  lastingHarm: formCheckbox(),
  death: formCheckbox(),
});

export const consentForm = withMoment(
  z.object({
    affectedUserId: formId('error.user_unknown'),
    given: formChoice(['yes', 'no'] as const, 'error.invalid'),
    how: formRequired('error.consent_how', 500),
    share: formCheckbox(),
  }),
  'givenAt',
  'givenDate',
  'givenTime',
  'error.occurred_at_invalid',
);

export const reportForm = z.object({
  consentId: formId('error.consent_required'),
  filedOn: day('error.date_invalid'),
  registrationNumber: formOptional(100),
  elaApplied: formCheckbox(),
  organisationAddressUsed: formCheckbox(),
  vptRequested: formCheckbox(),
  vptConfirmed: formCheckbox(),
});

/** The form of one police report; `incident` is the case page to go back to. */
export const prosecutionForm = ofRow(
  z.object({
    incident: formId('error.not_found'),
    registration: formText(100),
    vptConfirmed: formCheckbox(),
    // Nothing chosen leaves the status as it is.
    status: z.preprocess((v) => text(v) || undefined, z.enum(PROSECUTION_STATUSES, { error: 'error.invalid' }).optional()),
    outcome: formText(5000),
    feedbackAffected: optionalDay(),
    feedbackCouncil: optionalDay(),
  }),
);

export const damageForm = z.object({
  kind: formChoice(['material', 'immaterial'] as const, 'error.damage_kind'),
  description: formRequired('error.description_required', 2000),
  amountCents: euro(),
  reimbursedOn: optionalDay(),
});

/** The form of one damage item; `incident` is the case page to go back to. */
export const damageUpdateForm = ofRow(
  z.object({
    incident: formId('error.not_found'),
    kind: formChoice(['material', 'immaterial'] as const, 'error.damage_kind'),
    description: formRequired('error.description_required', 2000),
    amount: euro(),
    reimbursedOn: optionalDay(),
    claimedOn: optionalDay(),
    paidOn: optionalDay(),
    paid: optionalEuro(),
    writtenOffOn: optionalDay(),
  }),
);

export const triangleForm = z.object({
  meetingOn: optionalDay(),
  note: formOptional(2000),
  discussedOn: optionalDay(),
  unmark: formCheckbox(),
});

export const securityForm = z.object({
  securityDescription: formRequired('error.description_required', 2000),
  advisedBy: formChoice(['police', 'prosecution', 'other'] as const, 'error.invalid'),
  ownCostCents: euroOrZero(),
  organisationCostCents: euroOrZero(),
  safetyNetRequestedOn: optionalDay(),
});
