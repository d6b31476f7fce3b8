import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { AccessExport, DataRequest, Omission, RequestDecision, RequestExport, RequestKind, SubjectKind } from './request.js';

/** Requests and their exports; the queries that gather an export are in export.repository.ts. */
export async function insertRequest(
  tx: Tx,
  row: {
    organisationId: string;
    kind: RequestKind;
    subjectKind: SubjectKind;
    subjectUserId: string | null;
    subjectPerpetratorId: string | null;
    subjectLabel: string;
    receivedOn: string;
    description: string | null;
    recordedBy: string;
  },
): Promise<string> {
  return (await tx.insertInto('dataRequest').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

function base(tx: Tx) {
  return tx
    .selectFrom('dataRequest as r')
    .innerJoin('appUser as rec', 'rec.id', 'r.recordedBy')
    .leftJoin('appUser as dec', 'dec.id', 'r.decidedBy')
    .leftJoin('dataRequestExport as e', 'e.requestId', 'r.id')
    .leftJoin('deadline as d', (j) => j.onRef('d.subjectId', '=', 'r.id').on('d.kind', '=', 'data_request'))
    .select([
      'r.id',
      'r.kind',
      'r.subjectKind',
      'r.subjectUserId',
      'r.subjectPerpetratorId',
      'r.subjectLabel',
      sql<string>`r.received_on::text`.as('receivedOn'),
      'r.description',
      'r.createdAt',
      'r.decision',
      'r.decisionReason',
      'r.decidedAt',
      'r.erased',
      'rec.id as recorderId',
      'rec.name as recorderName',
      'dec.id as deciderId',
      'dec.name as deciderName',
      'e.state as exportState',
      'd.dueAt',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

function toRequest(r: Row): DataRequest {
  return {
    id: r.id,
    kind: r.kind,
    subjectKind: r.subjectKind,
    subjectUserId: r.subjectUserId,
    subjectPerpetratorId: r.subjectPerpetratorId,
    subjectLabel: r.subjectLabel,
    receivedOn: r.receivedOn,
    description: r.description,
    recordedBy: { id: r.recorderId, name: r.recorderName },
    createdAt: r.createdAt,
    decision: r.decision,
    decisionReason: r.decisionReason,
    decidedBy: r.deciderId && r.deciderName ? { id: r.deciderId, name: r.deciderName } : null,
    decidedAt: r.decidedAt,
    erased: r.erased,
    exportState: r.exportState,
    dueAt: r.dueAt,
  };
}

/** The organisation's requests, the latest received first. */
export async function requests(tx: Tx, limit = 200): Promise<DataRequest[]> {
  return (await base(tx).orderBy('r.receivedOn', 'desc').orderBy('r.createdAt', 'desc').limit(limit).execute()).map(toRequest);
}

export async function findRequest(tx: Tx, id: string): Promise<DataRequest | undefined> {
  const row = await base(tx).where('r.id', '=', id).executeTakeFirst();
  return row && toRequest(row);
}

/** Locks the request while it is decided or its export compiled or released. */
export async function lockRequest(tx: Tx, id: string): Promise<boolean> {
  return (await tx.selectFrom('dataRequest').select('id').where('id', '=', id).forUpdate().executeTakeFirst()) !== undefined;
}

export async function recordDecision(
  tx: Tx,
  id: string,
  values: { decision: RequestDecision; reason: string | null; decidedBy: string; at: Date; erased?: Record<string, number> },
): Promise<void> {
  await tx
    .updateTable('dataRequest')
    .set({
      decision: values.decision,
      decisionReason: values.reason,
      decidedBy: values.decidedBy,
      decidedAt: values.at,
      erased: values.erased ? JSON.stringify(values.erased) : null,
    })
    .where('id', '=', id)
    .execute();
}

/** Stores a (new) draft export; a released export is never replaced (the caller checks). */
export async function saveDraftExport(
  tx: Tx,
  row: { organisationId: string; requestId: string; content: AccessExport; omissions: Omission[]; compiledBy: string; at: Date },
): Promise<void> {
  const values = {
    organisationId: row.organisationId,
    requestId: row.requestId,
    content: JSON.stringify(row.content),
    omissions: JSON.stringify(row.omissions),
    compiledBy: row.compiledBy,
    compiledAt: row.at,
  };
  await tx
    .insertInto('dataRequestExport')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['organisationId', 'requestId']).doUpdateSet({
        content: values.content,
        omissions: values.omissions,
        compiledBy: values.compiledBy,
        compiledAt: values.compiledAt,
        state: 'draft',
        reviewedBy: null,
        reviewedAt: null,
        reviewNote: null,
      }),
    )
    .execute();
}

export async function findExport(tx: Tx, requestId: string): Promise<RequestExport | undefined> {
  const r = await tx
    .selectFrom('dataRequestExport as e')
    .innerJoin('appUser as c', 'c.id', 'e.compiledBy')
    .leftJoin('appUser as v', 'v.id', 'e.reviewedBy')
    .select([
      'e.content',
      'e.omissions',
      'e.state',
      'e.compiledAt',
      'e.reviewedAt',
      'e.reviewNote',
      'c.id as compilerId',
      'c.name as compilerName',
      'v.id as reviewerId',
      'v.name as reviewerName',
    ])
    .where('e.requestId', '=', requestId)
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    content: r.content as AccessExport,
    omissions: r.omissions as Omission[],
    state: r.state,
    compiledBy: { id: r.compilerId, name: r.compilerName },
    compiledAt: r.compiledAt,
    reviewedBy: r.reviewerId && r.reviewerName ? { id: r.reviewerId, name: r.reviewerName } : null,
    reviewedAt: r.reviewedAt,
    reviewNote: r.reviewNote,
  };
}

export async function releaseExport(tx: Tx, requestId: string, by: string, at: Date, note: string | null): Promise<void> {
  await tx
    .updateTable('dataRequestExport')
    .set({ state: 'released', reviewedBy: by, reviewedAt: at, reviewNote: note })
    .where('requestId', '=', requestId)
    .execute();
}

/** The active privacy officers: with the recorder, the owners of a request's deadline. */
export async function privacyOfficers(tx: Tx): Promise<string[]> {
  const rows = await tx
    .selectFrom('userRole')
    .innerJoin('appUser', 'appUser.id', 'userRole.userId')
    .select('appUser.id')
    .where('userRole.role', '=', 'privacy_officer')
    .where('appUser.active', '=', true)
    .execute();
  return rows.map((r) => r.id);
}

/** The name a subject is known by: a person in the organisation, or a register record (not merged away). */
export async function subjectName(tx: Tx, kind: SubjectKind, id: string): Promise<string | undefined> {
  if (kind === 'user') return (await tx.selectFrom('appUser').select('name').where('id', '=', id).executeTakeFirst())?.name;
  const p = await tx.selectFrom('perpetrator').select(['name', 'mergedInto']).where('id', '=', id).executeTakeFirst();
  return p && !p.mergedInto ? p.name : undefined;
}

/** The incidents a person is in as reporter or affected person, by number and day (no content): what an erasure may take. */
export async function incidentsOfPerson(tx: Tx, userId: string) {
  return tx
    .selectFrom('incident as i')
    .select(['i.id', 'i.number', 'i.occurredAt', 'i.status'])
    .where((eb) =>
      eb.or([
        eb('i.reporterId', '=', userId),
        eb('i.onBehalfOfId', '=', userId),
        eb.exists(
          eb.selectFrom('incidentAffected as a').select('a.userId').whereRef('a.incidentId', '=', 'i.id').where('a.userId', '=', userId),
        ),
      ]),
    )
    .orderBy('i.occurredAt')
    .execute();
}

/** Whom a request can be from: the people of the organisation and, for those who may read it, the register (names only). */
export async function subjectChoices(tx: Tx, withRegister: boolean) {
  const people = await tx.selectFrom('appUser').select(['id', 'name']).orderBy('name').orderBy('id').limit(2000).execute();
  const perpetrators = withRegister
    ? await tx
        .selectFrom('perpetrator')
        .select(['id', 'name'])
        .where('mergedInto', 'is', null)
        .orderBy('name')
        .orderBy('id')
        .limit(2000)
        .execute()
    : [];
  return { people, perpetrators };
}
