import { sql, type Insertable, type Updateable } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { MeasureTable } from '../../db/schema.js';
import type { AccessReason, PersonRef } from '../incident/incident.js';
import type { Level, Status } from '../incident/norm.js';
import type {
  ActiveBan,
  HearingKind,
  Letter,
  LetterFormat,
  LetterKind,
  Measure,
  MeasureKind,
  MeasureState,
  PerpetratorHistory,
} from './measure.js';

/** Measures, the perpetrators linked to an incident and their record, and active bans. */

async function names(tx: Tx, ids: readonly (string | null)[]): Promise<Map<string, PersonRef>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await tx.selectFrom('appUser').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function insertMeasure(tx: Tx, row: Insertable<MeasureTable>): Promise<string> {
  const inserted = await tx.insertInto('measure').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateMeasure(tx: Tx, id: string, set: Updateable<MeasureTable>): Promise<void> {
  await tx.updateTable('measure').set(set).where('id', '=', id).execute();
}

export interface MeasureHead {
  id: string;
  incidentId: string;
  perpetratorId: string | null;
  kind: MeasureKind;
  state: MeasureState;
  startsOn: string | null;
  endsOn: string | null;
  hearing: HearingKind | null;
}

/** The bare measure, locked for the rest of the transaction when it is about to change. */
export async function lockMeasure(tx: Tx, id: string): Promise<MeasureHead | undefined> {
  return tx
    .selectFrom('measure')
    .select(['id', 'incidentId', 'perpetratorId', 'kind', 'state', 'startsOn', 'endsOn', 'hearing'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** The facts the measure policy decides on, for a set of measures, with the person's access to each one's incident. */
export async function measureFacts(
  tx: Tx,
  userId: string,
  ids: readonly string[],
): Promise<(MeasureFacts & { access: AccessReason | undefined })[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('measure as m')
    .leftJoin('incidentAccess as a', (j) =>
      j.onRef('a.organisationId', '=', 'm.organisationId').onRef('a.incidentId', '=', 'm.incidentId').on('a.userId', '=', userId),
    )
    .select(['m.id', 'm.incidentId', 'm.kind', 'm.state', 'm.endsOn', 'a.reason'])
    .where('m.id', 'in', ids)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    incidentId: r.incidentId,
    kind: r.kind,
    state: r.state,
    endsOn: r.endsOn,
    access: (r.reason ?? undefined) as AccessReason | undefined,
  }));
}

interface MeasureFacts {
  id: string;
  incidentId: string;
  kind: MeasureKind;
  state: MeasureState;
  endsOn: string | null;
}

export async function measuresOf(tx: Tx, where: { incidentId: string } | { id: string }): Promise<Measure[]> {
  let query = tx
    .selectFrom('measure as m')
    .leftJoin('perpetrator as p', (j) => j.onRef('p.organisationId', '=', 'm.organisationId').onRef('p.id', '=', 'm.perpetratorId'))
    .innerJoin('incident as i', (j) => j.onRef('i.organisationId', '=', 'm.organisationId').onRef('i.id', '=', 'm.incidentId'))
    .selectAll('m')
    .select(['p.name as perpetratorName', 'p.address as perpetratorAddress', 'i.perpetratorName as reportedName']);
  query = 'id' in where ? query.where('m.id', '=', where.id) : query.where('m.incidentId', '=', where.incidentId);
  const rows = await query.orderBy('m.proposedAt').orderBy('m.id').execute();
  if (rows.length === 0) return [];
  const letters = await lettersOf(
    tx,
    rows.map((r) => r.id),
  );
  const people = await names(
    tx,
    rows.flatMap((r) => [r.proposedBy, r.decidedBy]),
  );
  const ref = (id: string) => people.get(id) ?? { id, name: '?' };
  return rows.map((r) => ({
    id: r.id,
    incidentId: r.incidentId,
    kind: r.kind,
    state: r.state,
    perpetrator: r.perpetratorId ? { id: r.perpetratorId, name: r.perpetratorName ?? '?' } : null,
    subjectName: r.perpetratorName ?? r.reportedName ?? null,
    subjectAddress: r.perpetratorAddress ?? null,
    details: r.details,
    facts: r.facts,
    advice: r.advice,
    reasons: r.reasons,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    hearing: r.hearing ? { kind: r.hearing, statement: r.hearingStatement } : null,
    proposedBy: ref(r.proposedBy),
    proposedAt: r.proposedAt,
    decidedBy: r.decidedBy ? ref(r.decidedBy) : null,
    decidedAt: r.decidedAt,
    decisionNote: r.decisionNote,
    carriedOutAt: r.carriedOutAt,
    endedAt: r.endedAt,
    letters: letters.filter((l) => l.measureId === r.id),
  }));
}

/** The perpetrators the register links to an incident. */
export async function linkedPerpetrators(
  tx: Tx,
  incidentId: string,
): Promise<{ id: string; name: string; kind: 'person' | 'collective' | 'organisation' }[]> {
  const rows = await tx
    .selectFrom('incidentPerpetrator as l')
    .innerJoin('perpetrator as p', (j) => j.onRef('p.organisationId', '=', 'l.organisationId').onRef('p.id', '=', 'l.perpetratorId'))
    .select(['p.id', 'p.name', 'p.kind'])
    .where('l.incidentId', '=', incidentId)
    .orderBy('p.name')
    .execute();
  return rows;
}

/**
 * Each perpetrator's record: every incident they are linked to and every measure against
 * them or taken on those incidents — so a proposal weighs a first against a repeated incident.
 */
export async function perpetratorHistory(
  tx: Tx,
  perpetrators: readonly { id: string; name: string; kind: PerpetratorHistory['kind'] }[],
): Promise<PerpetratorHistory[]> {
  if (perpetrators.length === 0) return [];
  const ids = perpetrators.map((p) => p.id);
  const incidents = await tx
    .selectFrom('incidentPerpetrator as l')
    .innerJoin('incident as i', (j) => j.onRef('i.organisationId', '=', 'l.organisationId').onRef('i.id', '=', 'l.incidentId'))
    .select(['l.perpetratorId', 'i.id', 'i.number', 'i.occurredAt', 'i.level', 'i.status'])
    .where('l.perpetratorId', 'in', ids)
    .where('i.status', '!=', 'draft')
    .orderBy('i.occurredAt', 'desc')
    .execute();
  const measures = await tx
    .selectFrom('measure as m')
    .innerJoin('incident as i', (j) => j.onRef('i.organisationId', '=', 'm.organisationId').onRef('i.id', '=', 'm.incidentId'))
    .select(['m.id', 'm.perpetratorId', 'm.incidentId', 'i.number', 'm.kind', 'm.state', 'm.proposedAt', 'm.decidedAt'])
    .where((eb) =>
      eb.or([
        eb('m.perpetratorId', 'in', ids),
        eb('m.incidentId', 'in', eb.selectFrom('incidentPerpetrator').select('incidentId').where('perpetratorId', 'in', ids)),
      ]),
    )
    .orderBy('m.proposedAt', 'desc')
    .execute();
  return perpetrators.map((p) => {
    const own = incidents.filter((i) => i.perpetratorId === p.id);
    const incidentIds = new Set(own.map((i) => i.id));
    return {
      ...p,
      incidents: own.map(({ id, number, occurredAt, level, status }) => ({
        id,
        number,
        occurredAt,
        level: level as Level,
        status: status as Status,
      })),
      measures: measures
        .filter((m) => m.perpetratorId === p.id || incidentIds.has(m.incidentId))
        .map((m) => ({
          id: m.id,
          incidentNumber: m.number,
          kind: m.kind,
          state: m.state,
          proposedAt: m.proposedAt,
          decidedAt: m.decidedAt,
        })),
    };
  });
}

/** Bans in force on a calendar day: decided or carried out, started, not past their end. */
export async function activeBans(tx: Tx, today: string): Promise<ActiveBan[]> {
  const rows = await tx
    .selectFrom('measure as m')
    .leftJoin('perpetrator as p', (j) => j.onRef('p.organisationId', '=', 'm.organisationId').onRef('p.id', '=', 'm.perpetratorId'))
    .innerJoin('incident as i', (j) => j.onRef('i.organisationId', '=', 'm.organisationId').onRef('i.id', '=', 'm.incidentId'))
    .select(['p.name as perpetratorName', 'i.perpetratorName as reportedName', 'm.endsOn'])
    .where('m.kind', '=', 'ban')
    .where('m.state', 'in', ['decided', 'carried_out'])
    .where('m.startsOn', '<=', sql<string>`${today}::date`)
    .where('m.endsOn', '>=', sql<string>`${today}::date`)
    .orderBy('m.endsOn')
    .execute();
  return rows.map((r) => ({ name: r.perpetratorName ?? r.reportedName ?? '?', until: r.endsOn ?? '' }));
}

/** Those who handle the incident by routing (not those granted access later). */
export async function routedHandlers(tx: Tx, incidentId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('incidentAccess')
    .select('userId')
    .where('incidentId', '=', incidentId)
    .where('reason', 'in', ['routed', 'always_inform'])
    .execute();
  return rows.map((r) => r.userId);
}

export async function hasDeadline(
  tx: Tx,
  incidentId: string,
  kind: 'perpetrator_response' | 'ban_end',
  subjectId?: string,
): Promise<boolean> {
  let query = tx.selectFrom('deadline').select('id').where('incidentId', '=', incidentId).where('kind', '=', kind);
  if (subjectId) query = query.where('subjectId', '=', subjectId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

// Letters and their templates.

export async function lettersOf(tx: Tx, measureIds: readonly string[]): Promise<Letter[]> {
  if (measureIds.length === 0) return [];
  const rows = await tx
    .selectFrom('letter as l')
    .innerJoin('appUser as u', 'u.id', 'l.createdBy')
    .select([
      'l.id',
      'l.measureId',
      'l.kind',
      'l.format',
      'l.sha256',
      'l.sizeBytes',
      'l.fileName',
      'l.createdAt',
      'u.id as userId',
      'u.name as userName',
    ])
    .where('l.measureId', 'in', measureIds)
    .orderBy('l.createdAt')
    .orderBy('l.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    measureId: r.measureId,
    kind: r.kind,
    format: r.format,
    sha256: r.sha256,
    sizeBytes: r.sizeBytes,
    fileName: r.fileName,
    createdBy: { id: r.userId, name: r.userName },
    createdAt: r.createdAt,
  }));
}

export async function findLetter(tx: Tx, id: string): Promise<(Letter & { incidentId: string }) | undefined> {
  const row = await tx.selectFrom('letter').select(['id', 'incidentId', 'measureId']).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const letter = (await lettersOf(tx, [row.measureId])).find((l) => l.id === id);
  return letter ? { ...letter, incidentId: row.incidentId } : undefined;
}

export async function insertLetter(
  tx: Tx,
  row: {
    organisationId: string;
    incidentId: string;
    measureId: string;
    kind: LetterKind;
    format: LetterFormat;
    sha256: string;
    sizeBytes: number;
    fileName: string;
    createdBy: string;
  },
): Promise<string> {
  const inserted = await tx.insertInto('letter').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function storedTemplates(tx: Tx): Promise<{ kind: LetterKind; subject: string; body: string; updatedAt: Date }[]> {
  return tx.selectFrom('letterTemplate').select(['kind', 'subject', 'body', 'updatedAt']).execute();
}

export async function saveTemplate(tx: Tx, organisationId: string, kind: LetterKind, subject: string, body: string): Promise<void> {
  await tx
    .insertInto('letterTemplate')
    .values({ organisationId, kind, subject, body })
    .onConflict((oc) => oc.columns(['organisationId', 'kind']).doUpdateSet({ subject, body, updatedAt: new Date() }))
    .execute();
}

export async function deleteTemplate(tx: Tx, kind: LetterKind): Promise<void> {
  await tx.deleteFrom('letterTemplate').where('kind', '=', kind).execute();
}
