import { z } from 'zod';
import { requiredText } from '../../validation.js';
import type { Tx } from '../../db/database.js';
import { invalidField, notFound } from '../../errors.js';
import { can, requireOne } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { casePolicy, type CaseSubject } from '../case/case.policy.js';
import { closeDeadlines } from '../deadline/deadline.repository.js';
import { addEvent, affectedIds, handlerIds } from '../incident/incident.repository.js';
import { notify } from '../notification/notify.js';
import {
  consentGiven,
  consentsOf,
  incidentOfReport,
  insertConsent,
  insertPoliceReport,
  isAffectedPerson,
  reportsOf,
  updatePoliceReport,
  type ConsentRow,
  type PoliceReportRow,
} from './police.repository.js';

/**
 * The police report (aangifte, PRODUCT.md §4): filed by the organisation's authorised
 * representative, only with the affected person's consent; under the ELA within 2 working
 * days, with the organisation's address and the VPT code. Nothing about it is shown beyond
 * the case handlers and the affected person unless the affected person agreed.
 */
const isoDate = (key: string) => z.iso.date({ error: key });
const moment = z.iso.datetime({ offset: true, error: 'error.occurred_at_invalid' }).transform((v) => new Date(v));

export const consentSchema = z.object({
  affectedUserId: z.uuid({ error: 'error.user_unknown' }),
  given: z.boolean(),
  how: requiredText(500, 'error.consent_how'),
  givenAt: moment,
  shareBeyondHandlers: z.boolean().default(false),
});

export const policeReportSchema = z.object({
  consentId: z.uuid({ error: 'error.consent_required' }),
  filedOn: isoDate('error.date_invalid'),
  registrationNumber: z
    .string()
    .trim()
    .max(100, 'error.text_too_long')
    .optional()
    .transform((v) => v || null),
  elaApplied: z.boolean().default(false),
  organisationAddressUsed: z.boolean().default(false),
  vptRequested: z.boolean().default(false),
  vptConfirmed: z.boolean().default(false),
});

export const PROSECUTION_STATUSES = ['pending', 'dismissed', 'settled_by_prosecution', 'court_judgement', 'other'] as const;

// An update names only what changes: absent stays as it is, empty clears.
const clearable = (v: string | undefined) => (v === undefined ? undefined : v || null);

export const prosecutionSchema = z.object({
  registrationNumber: z.string().trim().max(100, 'error.text_too_long').optional().transform(clearable),
  vptConfirmed: z.boolean().optional(),
  prosecutionStatus: z.enum(PROSECUTION_STATUSES, { error: 'error.invalid' }).optional(),
  outcome: z.string().trim().max(5000, 'error.text_too_long').optional().transform(clearable),
  feedbackAffectedOn: z
    .union([z.literal(''), isoDate('error.date_invalid')])
    .optional()
    .transform(clearable),
  feedbackCouncilOn: z
    .union([z.literal(''), isoDate('error.date_invalid')])
    .optional()
    .transform(clearable),
});

export type Consent = ConsentRow;
export type PoliceReport = PoliceReportRow;

export interface PoliceView {
  /** Whether the viewer may record consent and reports. */
  canManage: boolean;
  consents: Consent[];
  reports: PoliceReport[];
  /** True when reports exist but the viewer may not see their details. */
  hidden: boolean;
}

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

export async function recordConsent(tx: Tx, who: SignedIn, incidentId: string, data: z.output<typeof consentSchema>): Promise<string> {
  await requireOne(tx, who, casePolicy, 'police.manage', incidentId);
  if (!(await isAffectedPerson(tx, incidentId, data.affectedUserId))) throw invalidField('affectedUserId', 'error.user_unknown');
  const id = await insertConsent(tx, { organisationId: who.organisation.id, incidentId, ...data, recordedBy: who.user.id });
  await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'police_consent', { given: data.given });
  await audit(tx, actor(who), { action: 'police.consent', objectType: 'incident', objectId: incidentId });
  return id;
}

/** Records the filed report; refuses without a consent that was given. Closes the 2-day duty. */
export async function fileReport(tx: Tx, who: SignedIn, incidentId: string, data: z.output<typeof policeReportSchema>): Promise<string> {
  await requireOne(tx, who, casePolicy, 'police.manage', incidentId);
  if (!(await consentGiven(tx, incidentId, data.consentId))) throw invalidField('consentId', 'error.consent_required');
  const id = await insertPoliceReport(tx, { organisationId: who.organisation.id, incidentId, ...data, filedBy: who.user.id });
  await closeDeadlines(tx, { incidentId, kind: 'police_report' }, { state: 'done', by: who.user.id, at: new Date() });
  await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'police_report_filed', {});
  // The handlers and the affected person, who gave the consent, hear that it was filed.
  const told = new Set([...(await handlerIds(tx, incidentId, who.user.id)), ...(await affectedIds(tx, incidentId))]);
  told.delete(who.user.id);
  await notify(tx, who.organisation.id, [...told], 'police_report_filed', { incidentId, actorId: who.user.id });
  await audit(tx, actor(who), { action: 'police.report', objectType: 'incident', objectId: incidentId });
  return id;
}

/** The prosecution's course and outcome, and the feedback given (PRODUCT.md §4). Answers the report's incident. */
export async function updateProsecution(
  tx: Tx,
  who: SignedIn,
  reportId: string,
  data: z.output<typeof prosecutionSchema>,
): Promise<string> {
  const incidentId = await incidentOfReport(tx, reportId);
  if (!incidentId) throw notFound();
  await requireOne(tx, who, casePolicy, 'police.manage', incidentId);
  const changes = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
  await updatePoliceReport(tx, reportId, changes);
  await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'prosecution_updated', { status: data.prosecutionStatus ?? null });
  await audit(tx, actor(who), { action: 'police.prosecution', objectType: 'incident', objectId: incidentId });
  return incidentId;
}

/** What the viewer may see of consent and reports: details for handlers and the affected person, or when shared. */
export async function getPolice(tx: Tx, who: SignedIn, incidentId: string): Promise<PoliceView> {
  return policeOf(tx, who, await requireOne(tx, who, casePolicy, 'view', incidentId));
}

/** getPolice for a case whose facts the caller already has. */
export async function policeOf(tx: Tx, who: SignedIn, subject: CaseSubject): Promise<PoliceView> {
  const consents = await consentsOf(tx, subject.incidentId);
  const reports = await reportsOf(tx, subject.incidentId);
  const mayRead = can(casePolicy, who, 'police.read', subject);
  if (mayRead && reports.length > 0)
    await audit(tx, actor(who), { action: 'police.read', objectType: 'incident', objectId: subject.incidentId });
  return {
    canManage: can(casePolicy, who, 'police.manage', subject),
    consents: mayRead ? consents : [],
    reports: mayRead ? reports : [],
    hidden: !mayRead && (reports.length > 0 || consents.length > 0),
  };
}
