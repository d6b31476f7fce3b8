import { addMonths } from 'date-fns';
import type { Tx } from '../../db/database.js';
import { conflict, invalidField, notFound } from '../../errors.js';
import { amsterdamInstant } from '../../time/amsterdam.js';
import { requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { canCase } from '../case/case.policy.js';
import { completeDeadlineOf, insertDeadlines } from '../deadline/deadline.repository.js';
import { compileExport } from './compile-export.js';
import { erasePersonData, erasePerpetrator, type Erasure } from './erase.js';
import type { DataRequest, DecisionInput, NewRequest, ReleaseInput, RequestExport } from './request.js';
import { requestPolicy } from './request.policy.js';
import {
  findExport,
  findRequest,
  incidentsOfPerson,
  insertRequest,
  lockRequest,
  privacyOfficers,
  recordDecision,
  releaseExport,
  requests,
  saveDraftExport,
  subjectChoices,
  subjectName,
} from './request.repository.js';

/** The use cases of requests from the people in it: each checks the role first (404 otherwise) and is audited. */
export const alreadyDecided = () => conflict('request_already_decided', 'error.request_already_decided');
export const accessByRelease = () => conflict('request_access_by_release', 'error.request_access_by_release', 'decision');
export const notAccess = () => conflict('request_not_access', 'error.request_not_access');
export const alreadyReleased = () => conflict('request_export_released', 'error.request_export_released');
export const noDraft = () => conflict('request_no_draft', 'error.request_no_draft');
export const ownCompilation = () => conflict('request_review_by_compiler', 'error.request_review_by_compiler');

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

/** One month after receipt (art. 12(3) GDPR), at the end of that day in Amsterdam. */
export function requestDueAt(receivedOn: string): Date {
  const due = addMonths(new Date(`${receivedOn}T12:00:00Z`), 1)
    .toISOString()
    .slice(0, 10);
  return amsterdamInstant(due, '23:59')!;
}

/**
 * Records a request with its one-month deadline, owned by the recorder and the privacy
 * officers. A register record can be named only by whom may read the register; for others it
 * is answered as an unknown subject, so the register is not even hinted at.
 */
export async function recordRequest(tx: Tx, who: SignedIn, data: NewRequest, now = new Date()): Promise<string> {
  requireRole(requestPolicy, who, 'request.record');
  const mayName = data.subjectKind === 'user' || canCase(who.user.roles, 'perpetrator.read');
  const label = mayName ? await subjectName(tx, data.subjectKind, data.subjectId) : undefined;
  if (!label) throw invalidField('subjectId', 'error.request_subject_unknown');
  const id = await insertRequest(tx, {
    organisationId: who.organisation.id,
    kind: data.kind,
    subjectKind: data.subjectKind,
    subjectUserId: data.subjectKind === 'user' ? data.subjectId : null,
    subjectPerpetratorId: data.subjectKind === 'perpetrator' ? data.subjectId : null,
    subjectLabel: label,
    receivedOn: data.receivedOn,
    description: data.description ?? null,
    recordedBy: who.user.id,
  });
  const owners = [...new Set([who.user.id, ...(await privacyOfficers(tx))])];
  await insertDeadlines(tx, [
    {
      organisationId: who.organisation.id,
      incidentId: null,
      kind: 'data_request',
      subjectId: id,
      ownerIds: owners,
      dueAt: requestDueAt(data.receivedOn),
      createdAt: now,
    },
  ]);
  await audit(tx, actor(who), { action: 'request.create', objectType: 'data_request', objectId: id });
  return id;
}

export async function listRequests(tx: Tx, who: SignedIn): Promise<DataRequest[]> {
  requireRole(requestPolicy, who, 'request.read');
  const found = await requests(tx);
  await audit(tx, actor(who), { action: 'request.list', objectType: 'data_request' });
  return found;
}

export interface RequestRead {
  request: DataRequest;
  export: RequestExport | undefined;
  /** For an erasure about a person in the organisation: their incidents, by number and day. */
  erasable: Awaited<ReturnType<typeof incidentsOfPerson>>;
}

async function read(tx: Tx, id: string): Promise<RequestRead> {
  const request = await findRequest(tx, id);
  if (!request) throw notFound();
  const erasable = request.kind === 'erasure' && request.subjectUserId ? await incidentsOfPerson(tx, request.subjectUserId) : [];
  return { request, export: await findExport(tx, id), erasable };
}

/** One request with its review (the presenter leaves the export's content to whom may open it). */
export async function getRequest(tx: Tx, who: SignedIn, id: string): Promise<RequestRead> {
  requireRole(requestPolicy, who, 'request.read');
  const found = await read(tx, id);
  await audit(tx, actor(who), { action: 'request.read', objectType: 'data_request', objectId: id });
  return found;
}

/**
 * Decides a request: refused (any kind) or granted (rectification: the correction is made in
 * the record itself and said in the reason; erasure: the data goes now). Granted access is
 * answered by releasing the reviewed export instead. The deadline is done.
 */
export async function decideRequest(
  tx: Tx,
  who: SignedIn,
  id: string,
  input: DecisionInput,
  now = new Date(),
): Promise<Erasure | undefined> {
  requireRole(requestPolicy, who, 'request.decide');
  if (!(await lockRequest(tx, id))) throw notFound();
  const { request, erasable } = await read(tx, id);
  if (request.decision) throw alreadyDecided();
  if (request.kind === 'access' && input.decision === 'granted') throw accessByRelease();
  let erasure: Erasure | undefined;
  if (request.kind === 'erasure' && input.decision === 'granted') {
    if (request.subjectKind === 'perpetrator') {
      erasure = request.subjectPerpetratorId ? await erasePerpetrator(tx, actor(who), request.subjectPerpetratorId) : undefined;
    } else {
      const allowed = new Set(erasable.map((i) => i.id));
      const ids = [...new Set(input.incidentIds ?? [])];
      if (ids.some((i) => !allowed.has(i))) throw invalidField('incidentIds', 'error.request_incident_unknown');
      erasure = await erasePersonData(tx, actor(who), who.organisation.id, ids, input.aftercareNotes ?? false, request.subjectUserId!);
    }
  }
  await recordDecision(tx, id, {
    decision: input.decision,
    reason: input.reason,
    decidedBy: who.user.id,
    at: now,
    ...(erasure ? { erased: erasure.erased } : {}),
  });
  await completeDeadlineOf(tx, id, who.user.id, now);
  await audit(tx, actor(who), {
    action: `request.${input.decision === 'granted' ? 'grant' : 'refuse'}`,
    objectType: 'data_request',
    objectId: id,
  });
  return erasure;
}

/** Compiles (again) the draft answer to an access request: the security adviser, who may read what it holds. */
export async function compileAccessExport(tx: Tx, who: SignedIn, id: string, now = new Date()): Promise<RequestExport> {
  requireRole(requestPolicy, who, 'request.compile');
  if (!(await lockRequest(tx, id))) throw notFound();
  const { request, export: existing } = await read(tx, id);
  if (request.kind !== 'access') throw notAccess();
  if (existing?.state === 'released') throw alreadyReleased();
  if (request.decision) throw alreadyDecided();
  const content = await compileExport(tx, who.organisation.name, request, now);
  await saveDraftExport(tx, {
    organisationId: who.organisation.id,
    requestId: id,
    content,
    omissions: content.omitted,
    compiledBy: who.user.id,
    at: now,
  });
  await audit(tx, actor(who), { action: 'request.compile', objectType: 'data_request', objectId: id });
  return (await findExport(tx, id))!;
}

/** Opens the export itself (JSON or PDF): the security adviser only; audited as a read of the person's data. */
export async function openExport(
  tx: Tx,
  who: SignedIn,
  id: string,
  format: 'json' | 'pdf',
): Promise<{ request: DataRequest; export: RequestExport }> {
  requireRole(requestPolicy, who, 'request.export');
  const { request, export: found } = await read(tx, id);
  if (!found) throw notFound();
  await audit(tx, actor(who), { action: 'request.export.read', objectType: `access_export_${format}`, objectId: id });
  return { request, export: found };
}

/**
 * Reviews and releases the draft: someone other than who compiled it (the privacy officer, or
 * another security adviser). The request is then answered (granted) and its deadline done.
 */
export async function releaseAccessExport(tx: Tx, who: SignedIn, id: string, input: ReleaseInput, now = new Date()): Promise<void> {
  requireRole(requestPolicy, who, 'request.release');
  if (!(await lockRequest(tx, id))) throw notFound();
  const { request, export: draft } = await read(tx, id);
  if (request.kind !== 'access') throw notAccess();
  if (draft?.state === 'released') throw alreadyReleased();
  if (!draft) throw noDraft();
  if (draft.compiledBy.id === who.user.id) throw ownCompilation();
  await releaseExport(tx, id, who.user.id, now, input.note ?? null);
  await recordDecision(tx, id, { decision: 'granted', reason: input.note ?? null, decidedBy: who.user.id, at: now });
  await completeDeadlineOf(tx, id, who.user.id, now);
  await audit(tx, actor(who), { action: 'request.release', objectType: 'data_request', objectId: id });
}

/** The people (and, for whom may read the register, its records) a new request can be from: names only. */
export async function requestSubjects(tx: Tx, who: SignedIn) {
  requireRole(requestPolicy, who, 'request.record');
  const choices = await subjectChoices(tx, canCase(who.user.roles, 'perpetrator.read'));
  await audit(tx, actor(who), { action: 'request.subject.list', objectType: 'data_request' });
  return choices;
}
