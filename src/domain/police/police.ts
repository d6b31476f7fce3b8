import { z } from 'zod';
import { withOrganisation, type Db, type Tx } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { parse, isUuid } from '../../validation.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { canHandleCase } from '../case/case.policy.js';
import { visibleIncident } from '../incident/incident-queries.js';
import { addEvent } from '../incident/incident.repository.js';

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
  how: z.string().trim().min(1, 'error.consent_how').max(500, 'error.text_too_long'),
  givenAt: moment,
  shareBeyondHandlers: z.boolean().default(false),
});

export const policeReportSchema = z.object({
  consentId: z.uuid({ error: 'error.consent_required' }),
  filedOn: isoDate('error.date_invalid'),
  registrationNumber: z.string().trim().max(100, 'error.text_too_long').optional().transform((v) => v || null),
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
  feedbackAffectedOn: z.union([z.literal(''), isoDate('error.date_invalid')]).optional().transform(clearable),
  feedbackCouncilOn: z.union([z.literal(''), isoDate('error.date_invalid')]).optional().transform(clearable),
});

export interface Consent {
  id: string;
  affectedUserId: string;
  affectedName: string;
  given: boolean;
  how: string;
  givenAt: Date;
  shareBeyondHandlers: boolean;
  recordedByName: string;
}

export interface PoliceReport {
  id: string;
  consentId: string;
  filedOn: string;
  filedByName: string;
  registrationNumber: string | null;
  elaApplied: boolean;
  organisationAddressUsed: boolean;
  vptRequested: boolean;
  vptConfirmed: boolean;
  prosecutionStatus: (typeof PROSECUTION_STATUSES)[number] | null;
  outcome: string | null;
  feedbackAffectedOn: string | null;
  feedbackCouncilOn: string | null;
}

export interface PoliceView {
  /** Whether the viewer may record consent and reports. */
  canManage: boolean;
  consents: Consent[];
  reports: PoliceReport[];
  /** True when reports exist but the viewer may not see their details. */
  hidden: boolean;
}

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

async function handle(tx: Tx, who: SignedIn, incidentId: string) {
  const view = await visibleIncident(tx, who, incidentId);
  if (!canHandleCase(view.access)) throw notFound();
  return view;
}

export function recordConsent(db: Db, who: SignedIn, incidentId: string, input: unknown): Promise<string> {
  const data = parse(consentSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const { incident } = await handle(tx, who, incidentId);
    if (!incident.affected.some((a) => a.id === data.affectedUserId)) throw new AppError(400, 'validation_failed', 'error.user_unknown', { affectedUserId: 'error.user_unknown' });
    const row = await tx.insertInto('policeConsent').values({ organisationId: who.organisation.id, incidentId, ...data, recordedBy: who.user.id }).returning('id').executeTakeFirstOrThrow();
    await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'police_consent', { given: data.given });
    await audit(tx, actor(who), { action: 'police.consent', objectType: 'incident', objectId: incidentId });
    return row.id;
  });
}

/** Records the filed report; refuses without a consent that was given. Closes the 2-day duty. */
export function fileReport(db: Db, who: SignedIn, incidentId: string, input: unknown): Promise<string> {
  const data = parse(policeReportSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    await handle(tx, who, incidentId);
    const consent = await tx.selectFrom('policeConsent').select(['given']).where('id', '=', data.consentId).where('incidentId', '=', incidentId).executeTakeFirst();
    if (!consent?.given) throw new AppError(400, 'validation_failed', 'error.consent_required', { consentId: 'error.consent_required' });
    const row = await tx.insertInto('policeReport').values({ organisationId: who.organisation.id, incidentId, ...data, filedBy: who.user.id }).returning('id').executeTakeFirstOrThrow();
    await tx.updateTable('deadline').set({ state: 'done', doneAt: new Date(), doneBy: who.user.id })
      .where('incidentId', '=', incidentId).where('kind', '=', 'police_report').where('state', 'in', ['open', 'overdue']).execute();
    await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'police_report_filed', {});
    await audit(tx, actor(who), { action: 'police.report', objectType: 'incident', objectId: incidentId });
    return row.id;
  });
}

/** The prosecution's course and outcome, and the feedback given (PRODUCT.md §4). */
export function updateProsecution(db: Db, who: SignedIn, reportId: string, input: unknown): Promise<void> {
  const data = parse(prosecutionSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    if (!isUuid(reportId)) throw notFound();
    const report = await tx.selectFrom('policeReport').select('incidentId').where('id', '=', reportId).executeTakeFirst();
    if (!report) throw notFound();
    await handle(tx, who, report.incidentId);
    const changes = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
    if (Object.keys(changes).length > 0) await tx.updateTable('policeReport').set(changes).where('id', '=', reportId).execute();
    await addEvent(tx, who.organisation.id, report.incidentId, who.user.id, 'prosecution_updated', { status: data.prosecutionStatus ?? null });
    await audit(tx, actor(who), { action: 'police.prosecution', objectType: 'incident', objectId: report.incidentId });
  });
}

/** What the viewer may see of consent and reports: details for handlers and the affected person, or when shared. */
export function getPolice(db: Db, who: SignedIn, incidentId: string): Promise<PoliceView> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const { incident, access } = await visibleIncident(tx, who, incidentId);
    const canManage = canHandleCase(access);
    const consents = await tx
      .selectFrom('policeConsent as c')
      .innerJoin('appUser as a', 'a.id', 'c.affectedUserId')
      .innerJoin('appUser as r', 'r.id', 'c.recordedBy')
      .select(['c.id', 'c.affectedUserId', 'a.name as affectedName', 'c.given', 'c.how', 'c.givenAt', 'c.shareBeyondHandlers', 'r.name as recordedByName'])
      .where('c.incidentId', '=', incidentId)
      .orderBy('c.recordedAt')
      .execute();
    const affectedSelf = incident.affected.some((a) => a.id === who.user.id);
    const shared = consents.some((c) => c.given && c.shareBeyondHandlers);
    const reports = await tx
      .selectFrom('policeReport as p')
      .innerJoin('appUser as u', 'u.id', 'p.filedBy')
      .select(['p.id', 'p.consentId', 'p.filedOn', 'u.name as filedByName', 'p.registrationNumber', 'p.elaApplied', 'p.organisationAddressUsed', 'p.vptRequested',
        'p.vptConfirmed', 'p.prosecutionStatus', 'p.outcome', 'p.feedbackAffectedOn', 'p.feedbackCouncilOn'])
      .where('p.incidentId', '=', incidentId)
      .orderBy('p.createdAt')
      .execute();
    const mayRead = canManage || affectedSelf || shared;
    if (mayRead && reports.length > 0) await audit(tx, actor(who), { action: 'police.read', objectType: 'incident', objectId: incidentId });
    return {
      canManage,
      consents: mayRead ? consents : [],
      reports: mayRead ? reports : [],
      hidden: !mayRead && (reports.length > 0 || consents.length > 0),
    };
  });
}
