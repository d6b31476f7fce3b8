import type { Tx } from '../../db/database.js';
import { conflict, invalidField, notFound } from '../../errors.js';
import { requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { isEvent, nextOrderNumber, readLog, type DisruptionLog } from './disruption-log.js';
import type { Decision, Disruption, Meeting, NewDisruption, NewEntry, NewMeeting } from './meeting.js';
import { meetingPolicy } from './meeting.policy.js';
import {
  disruptionsOf,
  findDisruption,
  findMeeting,
  insertDisruption,
  insertEntry,
  insertMeeting,
  lockDisruption,
  meetings,
  perpetratorName,
} from './meeting.repository.js';

/** The disruption log's use cases: each checks the role first (404 for anyone else) and writes one audit line. */
export const entryCorrected = () => conflict('entry_already_corrected', 'error.entry_already_corrected', 'correctsId');
export const alreadyReported = () => conflict('disruption_already_reported', 'error.disruption_already_reported');

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

export async function createMeeting(tx: Tx, who: SignedIn, data: NewMeeting): Promise<string> {
  requireRole(meetingPolicy, who, 'meeting.log');
  const id = await insertMeeting(tx, { organisationId: who.organisation.id, ...data, createdBy: who.user.id });
  await audit(tx, actor(who), { action: 'meeting.create', objectType: 'meeting', objectId: id });
  return id;
}

export async function listMeetings(tx: Tx, who: SignedIn): Promise<Meeting[]> {
  requireRole(meetingPolicy, who, 'meeting.read');
  const found = await meetings(tx);
  await audit(tx, actor(who), { action: 'meeting.list', objectType: 'meeting' });
  return found;
}

export interface MeetingWithDisruptions extends Meeting {
  disruptions: Awaited<ReturnType<typeof disruptionsOf>>;
}

export async function getMeeting(tx: Tx, who: SignedIn, id: string): Promise<MeetingWithDisruptions> {
  requireRole(meetingPolicy, who, 'meeting.read');
  const meeting = await findMeeting(tx, id);
  if (!meeting) throw notFound();
  await audit(tx, actor(who), { action: 'meeting.read', objectType: 'meeting', objectId: id });
  return { ...meeting, disruptions: await disruptionsOf(tx, id) };
}

export async function createDisruption(tx: Tx, who: SignedIn, meetingId: string, data: NewDisruption): Promise<string> {
  requireRole(meetingPolicy, who, 'meeting.log');
  if (!(await findMeeting(tx, meetingId))) throw notFound();
  if (data.perpetratorId) {
    const perpetrator = await perpetratorName(tx, data.perpetratorId);
    if (!perpetrator || perpetrator.mergedInto) throw invalidField('perpetratorId', 'error.perpetrator_unknown');
  }
  const id = await insertDisruption(tx, {
    organisationId: who.organisation.id,
    meetingId,
    description: data.description,
    perpetratorId: data.perpetratorId ?? null,
    createdBy: who.user.id,
  });
  await audit(tx, actor(who), { action: 'disruption.create', objectType: 'disruption', objectId: id });
  return id;
}

export interface DisruptionRead {
  disruption: Disruption;
  meeting: Meeting;
  log: DisruptionLog;
}

async function readDisruption(tx: Tx, id: string): Promise<DisruptionRead> {
  const disruption = await findDisruption(tx, id);
  if (!disruption) throw notFound();
  const meeting = await findMeeting(tx, disruption.meetingId);
  if (!meeting) throw notFound();
  return { disruption, meeting, log: readLog(disruption.entries) };
}

export async function getDisruption(tx: Tx, who: SignedIn, id: string): Promise<DisruptionRead> {
  requireRole(meetingPolicy, who, 'meeting.read');
  const read = await readDisruption(tx, id);
  await audit(tx, actor(who), { action: 'disruption.read', objectType: 'disruption', objectId: id });
  return read;
}

/**
 * Logs one entry, at the moment given or now. Entries are never changed: a correction is a
 * new entry that names the one it corrects (replacing it, or — kind `correction` — withdrawing it).
 */
export async function logEntry(tx: Tx, who: SignedIn, disruptionId: string, data: NewEntry): Promise<{ id: string; read: DisruptionRead }> {
  requireRole(meetingPolicy, who, 'meeting.log');
  if (!(await lockDisruption(tx, disruptionId))) throw notFound();
  const before = await readDisruption(tx, disruptionId);
  const corrected = data.correctsId ? before.log.lines.find((l) => l.id === data.correctsId) : undefined;
  if (data.correctsId) {
    if (!corrected || !isEvent(corrected.kind)) throw invalidField('correctsId', 'error.entry_unknown');
    if (corrected.correctedBy) throw entryCorrected();
  }
  const id = await insertEntry(tx, {
    organisationId: who.organisation.id,
    disruptionId,
    kind: data.kind,
    at: data.at ?? new Date(),
    orderNumber: data.kind === 'order_to_leave' ? nextOrderNumber(before.log, corrected) : null,
    correctsId: data.correctsId ?? null,
    note: data.note ?? null,
    report: null,
    loggedBy: who.user.id,
  });
  await audit(tx, actor(who), { action: `disruption.${data.kind}`, objectType: 'disruption_entry', objectId: `${disruptionId}:${id}` });
  return { id, read: await readDisruption(tx, disruptionId) };
}

/** Records the decision on a police report; a yes is followed by the incident (see disruption-incident.ts). */
export async function recordDecision(tx: Tx, who: SignedIn, disruptionId: string, decision: Decision): Promise<string> {
  requireRole(meetingPolicy, who, 'meeting.report');
  if (!(await lockDisruption(tx, disruptionId))) throw notFound();
  const read = await readDisruption(tx, disruptionId);
  if (read.disruption.incidentId) throw alreadyReported();
  const id = await insertEntry(tx, {
    organisationId: who.organisation.id,
    disruptionId,
    kind: 'report_decision',
    at: new Date(),
    orderNumber: null,
    correctsId: null,
    note: [decision.decidedBy, decision.note].filter(Boolean).join(' — '),
    report: decision.report,
    loggedBy: who.user.id,
  });
  await audit(tx, actor(who), { action: 'disruption.decide', objectType: 'disruption_entry', objectId: `${disruptionId}:${id}` });
  return id;
}
