import type { Tx } from '../../db/database.js';
import type { PoliceReportTable } from '../../db/schema.js';

export interface ConsentRow {
  id: string;
  affectedUserId: string;
  affectedName: string;
  given: boolean;
  how: string;
  givenAt: Date;
  shareBeyondHandlers: boolean;
  recordedByName: string;
}

export interface PoliceReportRow {
  id: string;
  consentId: string;
  filedOn: string;
  filedByName: string;
  registrationNumber: string | null;
  elaApplied: boolean;
  organisationAddressUsed: boolean;
  vptRequested: boolean;
  vptConfirmed: boolean;
  prosecutionStatus: PoliceReportTable['prosecutionStatus'];
  outcome: string | null;
  feedbackAffectedOn: string | null;
  feedbackCouncilOn: string | null;
}

export interface NewConsent {
  organisationId: string;
  incidentId: string;
  affectedUserId: string;
  given: boolean;
  how: string;
  givenAt: Date;
  shareBeyondHandlers: boolean;
  recordedBy: string;
}

export interface NewPoliceReport {
  organisationId: string;
  incidentId: string;
  consentId: string;
  filedOn: string;
  filedBy: string;
  registrationNumber: string | null;
  elaApplied: boolean;
  organisationAddressUsed: boolean;
  vptRequested: boolean;
  vptConfirmed: boolean;
}

export type ProsecutionChanges = Partial<
  Pick<
    PoliceReportRow,
    'registrationNumber' | 'vptConfirmed' | 'prosecutionStatus' | 'outcome' | 'feedbackAffectedOn' | 'feedbackCouncilOn'
  >
>;

export async function isAffectedPerson(tx: Tx, incidentId: string, userId: string): Promise<boolean> {
  return (
    (await tx
      .selectFrom('incidentAffected')
      .select('userId')
      .where('incidentId', '=', incidentId)
      .where('userId', '=', userId)
      .executeTakeFirst()) !== undefined
  );
}

export async function insertConsent(tx: Tx, consent: NewConsent): Promise<string> {
  return (await tx.insertInto('policeConsent').values(consent).returning('id').executeTakeFirstOrThrow()).id;
}

/** Whether the consent on this incident was given (a refusal, or another incident's, is not). */
export async function consentGiven(tx: Tx, incidentId: string, consentId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('policeConsent')
    .select('given')
    .where('id', '=', consentId)
    .where('incidentId', '=', incidentId)
    .executeTakeFirst();
  return row?.given === true;
}

export async function insertPoliceReport(tx: Tx, report: NewPoliceReport): Promise<string> {
  return (await tx.insertInto('policeReport').values(report).returning('id').executeTakeFirstOrThrow()).id;
}

/** The incident a police report belongs to, if the report exists. */
export async function incidentOfReport(tx: Tx, reportId: string): Promise<string | undefined> {
  return (await tx.selectFrom('policeReport').select('incidentId').where('id', '=', reportId).executeTakeFirst())?.incidentId;
}

export async function updatePoliceReport(tx: Tx, reportId: string, changes: ProsecutionChanges): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await tx.updateTable('policeReport').set(changes).where('id', '=', reportId).execute();
}

export async function consentsOf(tx: Tx, incidentId: string): Promise<ConsentRow[]> {
  return tx
    .selectFrom('policeConsent as c')
    .innerJoin('appUser as a', 'a.id', 'c.affectedUserId')
    .innerJoin('appUser as r', 'r.id', 'c.recordedBy')
    .select([
      'c.id',
      'c.affectedUserId',
      'a.name as affectedName',
      'c.given',
      'c.how',
      'c.givenAt',
      'c.shareBeyondHandlers',
      'r.name as recordedByName',
    ])
    .where('c.incidentId', '=', incidentId)
    .orderBy('c.recordedAt')
    .execute();
}

export async function reportsOf(tx: Tx, incidentId: string): Promise<PoliceReportRow[]> {
  return tx
    .selectFrom('policeReport as p')
    .innerJoin('appUser as u', 'u.id', 'p.filedBy')
    .select([
      'p.id',
      'p.consentId',
      'p.filedOn',
      'u.name as filedByName',
      'p.registrationNumber',
      'p.elaApplied',
      'p.organisationAddressUsed',
      'p.vptRequested',
      'p.vptConfirmed',
      'p.prosecutionStatus',
      'p.outcome',
      'p.feedbackAffectedOn',
      'p.feedbackCouncilOn',
    ])
    .where('p.incidentId', '=', incidentId)
    .orderBy('p.createdAt')
    .execute();
}

/** The "why" of the police preparation: what a handler knows of the cause. */
export async function policeMotiveOf(tx: Tx, incidentId: string): Promise<string | null> {
  const row = await tx.selectFrom('incident').select('policeMotive').where('id', '=', incidentId).executeTakeFirst();
  return row?.policeMotive ?? null;
}

export async function setPoliceMotive(tx: Tx, incidentId: string, motive: string | null): Promise<void> {
  await tx.updateTable('incident').set({ policeMotive: motive }).where('id', '=', incidentId).execute();
}
