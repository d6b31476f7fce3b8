import { sql, type Selectable } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { PerpetratorTable } from '../../db/schema.js';
import type { Channel, Level, PerpetratorKind, Status } from '../incident/norm.js';
import type {
  AgainstGroup,
  MatchClues,
  MatchReason,
  Perpetrator,
  PerpetratorIncident,
  PerpetratorMatch,
  PerpetratorMeasure,
  PerpetratorSummary,
} from './perpetrator.js';
import type { PerpetratorData } from './perpetrator.schema.js';

/** Roles of political office holders; anyone else affected is an employee (001 §5.2). */
const OFFICE_HOLDER_ROLES = ['mayor', 'alderman', 'council_member', 'group_member'];

function toPerpetrator(row: Selectable<PerpetratorTable>): Perpetrator {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    aliases: row.aliases,
    dateOfBirth: row.dateOfBirth,
    address: row.address,
    emails: row.emails,
    phones: row.phones,
    socialAccounts: row.socialAccounts,
    notes: row.notes,
    mergedInto: row.mergedInto,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

// Both count only the organisation's own links: row-level security applies inside subqueries too.
const incidentCount = sql<number>`(SELECT count(*)::int FROM incident_perpetrator ip WHERE ip.organisation_id = p.organisation_id AND ip.perpetrator_id = p.id)`;
const lastIncidentAt = sql<Date | null>`(SELECT max(i.occurred_at) FROM incident_perpetrator ip
  JOIN incident i ON i.organisation_id = ip.organisation_id AND i.id = ip.incident_id
  WHERE ip.organisation_id = p.organisation_id AND ip.perpetrator_id = p.id)`;

const SUMMARY_COLUMNS = ['p.id', 'p.kind', 'p.name', 'p.aliases', 'p.emails', 'p.phones', 'p.socialAccounts'] as const;

interface SummaryRow {
  id: string;
  kind: PerpetratorKind;
  name: string;
  aliases: string[];
  emails: string[];
  phones: string[];
  socialAccounts: string[];
  incidentCount: number;
  lastIncidentAt: Date | null;
}

function toSummary(r: SummaryRow): PerpetratorSummary {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    aliases: r.aliases,
    emails: r.emails,
    phones: r.phones,
    socialAccounts: r.socialAccounts,
    incidentCount: r.incidentCount,
    lastIncidentAt: r.lastIncidentAt,
  };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, '\\$&');
}

export async function insertPerpetrator(tx: Tx, organisationId: string, data: PerpetratorData, createdBy: string): Promise<string> {
  const row = await tx
    .insertInto('perpetrator')
    .values({
      organisationId,
      kind: data.kind,
      name: data.name,
      aliases: data.aliases,
      dateOfBirth: data.dateOfBirth,
      address: data.address,
      emails: data.emails,
      phones: data.phones,
      socialAccounts: data.socialAccounts,
      notes: data.notes,
      createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Replaces the record's fields. */
export async function updatePerpetrator(tx: Tx, id: string, data: PerpetratorData): Promise<void> {
  await tx
    .updateTable('perpetrator')
    .set({
      kind: data.kind,
      name: data.name,
      aliases: data.aliases,
      dateOfBirth: data.dateOfBirth,
      address: data.address,
      emails: data.emails,
      phones: data.phones,
      socialAccounts: data.socialAccounts,
      notes: data.notes,
      updatedAt: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * One record. 'update' locks it for a change or a merge; 'share' keeps it from being merged
 * away while an incident is linked to it.
 */
export async function findPerpetrator(tx: Tx, id: string, lock?: 'update' | 'share'): Promise<Perpetrator | undefined> {
  let query = tx.selectFrom('perpetrator').selectAll().where('id', '=', id);
  if (lock === 'update') query = query.forUpdate();
  if (lock === 'share') query = query.forShare();
  const row = await query.executeTakeFirst();
  return row ? toPerpetrator(row) : undefined;
}

export interface SearchOptions {
  q?: string;
  kind?: PerpetratorKind;
  limit: number;
  /** Keyset position for browsing without a query: the last name and id of the page before. */
  after?: { name: string; id: string };
  /** The searched text sorted into identifiers, so a number or address finds its owner. */
  identifiers?: Omit<MatchClues, 'names'>;
}

/**
 * Records not merged away. With q: names and aliases that are alike (pg_trgm) or contain it,
 * and exact identifiers, best first. Without: alphabetical, a page at a time.
 */
export async function searchPerpetrators(tx: Tx, options: SearchOptions): Promise<PerpetratorSummary[]> {
  const { q } = options;
  let query = tx
    .selectFrom('perpetrator as p')
    .select(SUMMARY_COLUMNS)
    .select([incidentCount.as('incidentCount'), lastIncidentAt.as('lastIncidentAt')])
    .where('p.mergedInto', 'is', null);
  if (options.kind) query = query.where('p.kind', '=', options.kind);
  if (q) {
    const like = `%${escapeLike(q)}%`;
    const ids = options.identifiers ?? { emails: [], phones: [], accounts: [] };
    const rows = await query
      .select(
        sql<number>`greatest(similarity(p.name, ${q}), coalesce((SELECT max(similarity(a, ${q})) FROM unnest(p.aliases) a), 0))`.as(
          'score',
        ),
      )
      .where(
        sql<boolean>`(p.name % ${q} OR p.name ILIKE ${like}
        OR EXISTS (SELECT 1 FROM unnest(p.aliases) a WHERE a % ${q} OR a ILIKE ${like})
        OR p.emails && ${ids.emails}::text[] OR p.phones && ${ids.phones}::text[] OR p.social_accounts && ${ids.accounts}::text[])`,
      )
      .orderBy('score', 'desc')
      .orderBy('p.name')
      .orderBy('p.id')
      .limit(options.limit)
      .execute();
    return rows.map(toSummary);
  }
  if (options.after) query = query.where(sql<boolean>`(p.name, p.id) > (${options.after.name}, ${options.after.id}::uuid)`);
  const rows = await query.orderBy('p.name').orderBy('p.id').limit(options.limit).execute();
  return rows.map(toSummary);
}

/**
 * Records that may be the same perpetrator: a name or alias alike to one of the names
 * (pg_trgm similarity at its default threshold, 0.3), or the same e-mail address, phone
 * number or account. Shared identifiers first, then the most similar names.
 */
export async function findMatches(tx: Tx, clues: MatchClues, excludeIds: readonly string[], limit = 10): Promise<PerpetratorMatch[]> {
  const names = clues.names;
  const { emails, phones, accounts } = clues;
  const rows = await tx
    .selectFrom('perpetrator as p')
    .select(SUMMARY_COLUMNS)
    .select([incidentCount.as('incidentCount'), lastIncidentAt.as('lastIncidentAt')])
    .select([
      sql<number>`(SELECT coalesce(max(similarity(n, q)), 0) FROM unnest(array_prepend(p.name, p.aliases)) n, unnest(${names}::text[]) q)`.as(
        'nameScore',
      ),
      sql<boolean>`p.emails && ${emails}::text[]`.as('emailMatch'),
      sql<boolean>`p.phones && ${phones}::text[]`.as('phoneMatch'),
      sql<boolean>`p.social_accounts && ${accounts}::text[]`.as('accountMatch'),
      sql<boolean>`(p.emails && ${emails}::text[] OR p.phones && ${phones}::text[] OR p.social_accounts && ${accounts}::text[])`.as(
        'identifierMatch',
      ),
    ])
    .where('p.mergedInto', 'is', null)
    .where(sql<boolean>`NOT (p.id = ANY(${[...excludeIds]}::uuid[]))`)
    .where(
      sql<boolean>`(EXISTS (SELECT 1 FROM unnest(array_prepend(p.name, p.aliases)) n, unnest(${names}::text[]) q WHERE n % q)
      OR p.emails && ${emails}::text[] OR p.phones && ${phones}::text[] OR p.social_accounts && ${accounts}::text[])`,
    )
    .orderBy('identifierMatch', 'desc')
    .orderBy('nameScore', 'desc')
    .orderBy('p.name')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const reasons: MatchReason[] = [];
    if (r.nameScore >= 0.3) reasons.push('name');
    if (r.emailMatch) reasons.push('email');
    if (r.phoneMatch) reasons.push('phone');
    if (r.accountMatch) reasons.push('account');
    return { perpetrator: toSummary(r), score: Math.round(r.nameScore * 100) / 100, reasons };
  });
}

/** The records linked to one incident. */
export async function linkedPerpetrators(tx: Tx, incidentId: string): Promise<PerpetratorSummary[]> {
  const rows = await tx
    .selectFrom('incidentPerpetrator as l')
    .innerJoin('perpetrator as p', (j) => j.onRef('p.organisationId', '=', 'l.organisationId').onRef('p.id', '=', 'l.perpetratorId'))
    .select(SUMMARY_COLUMNS)
    .select([incidentCount.as('incidentCount'), lastIncidentAt.as('lastIncidentAt')])
    .where('l.incidentId', '=', incidentId)
    .orderBy('l.linkedAt')
    .execute();
  return rows.map(toSummary);
}

/**
 * Every incident linked to the perpetrator, oldest first, whoever it was aimed at; with the
 * viewer's own access, so a page links only to incidents they may open.
 */
export async function historyIncidents(tx: Tx, perpetratorId: string, viewerId: string): Promise<PerpetratorIncident[]> {
  const rows = await tx
    .selectFrom('incidentPerpetrator as ip')
    .innerJoin('incident as i', (j) => j.onRef('i.organisationId', '=', 'ip.organisationId').onRef('i.id', '=', 'ip.incidentId'))
    .leftJoin('incidentAccess as a', (j) =>
      j.onRef('a.organisationId', '=', 'i.organisationId').onRef('a.incidentId', '=', 'i.id').on('a.userId', '=', viewerId),
    )
    .select(['i.id', 'i.number', 'i.level', 'i.status', 'i.channel', 'i.occurredAt', 'ip.linkedAt', 'a.reason'])
    .select(
      sql<AgainstGroup[]>`ARRAY(SELECT DISTINCT CASE WHEN EXISTS (
        SELECT 1 FROM user_role ur WHERE ur.organisation_id = ia.organisation_id AND ur.user_id = ia.user_id AND ur.role = ANY(${OFFICE_HOLDER_ROLES}::text[])
      ) THEN 'office_holder' ELSE 'employee' END
      FROM incident_affected ia WHERE ia.organisation_id = i.organisation_id AND ia.incident_id = i.id)`.as('against'),
    )
    .where('ip.perpetratorId', '=', perpetratorId)
    .orderBy('i.occurredAt')
    .orderBy('i.number')
    .execute();
  return rows.map((r, index) => ({
    id: r.id,
    number: r.number,
    ordinal: index + 1,
    level: r.level as Level,
    status: r.status as Status,
    channel: r.channel as Channel,
    occurredAt: r.occurredAt,
    linkedAt: r.linkedAt,
    against: [...r.against].sort().reverse(),
    viewerAccess: r.reason ?? undefined,
  }));
}

/**
 * Every measure against the perpetrator: those naming them, and those taken in an incident
 * linked to them that name no perpetrator.
 */
export async function historyMeasures(tx: Tx, perpetratorId: string): Promise<PerpetratorMeasure[]> {
  return tx
    .selectFrom('measure as m')
    .innerJoin('incident as i', (j) => j.onRef('i.organisationId', '=', 'm.organisationId').onRef('i.id', '=', 'm.incidentId'))
    .select([
      'm.id',
      'm.incidentId',
      'i.number as incidentNumber',
      'm.kind',
      'm.state',
      'm.startsOn',
      'm.endsOn',
      'm.proposedAt',
      'm.decidedAt',
      'm.carriedOutAt',
      'm.endedAt',
    ])
    .where((eb) =>
      eb.or([
        eb('m.perpetratorId', '=', perpetratorId),
        eb.and([
          eb('m.perpetratorId', 'is', null),
          eb('m.incidentId', 'in', eb.selectFrom('incidentPerpetrator').select('incidentId').where('perpetratorId', '=', perpetratorId)),
        ]),
      ]),
    )
    .orderBy('m.proposedAt')
    .orderBy('m.id')
    .execute();
}

/** Records merged into this one (directly, or through a record merged into it later). */
export async function mergedFrom(tx: Tx, id: string): Promise<{ id: string; name: string }[]> {
  return tx.selectFrom('perpetrator').select(['id', 'name']).where('mergedInto', '=', id).orderBy('name').execute();
}

/** Links an incident; false when it already was. */
export async function insertLink(
  tx: Tx,
  organisationId: string,
  incidentId: string,
  perpetratorId: string,
  linkedBy: string,
): Promise<boolean> {
  const row = await tx
    .insertInto('incidentPerpetrator')
    .values({ organisationId, incidentId, perpetratorId, linkedBy })
    .onConflict((oc) => oc.columns(['organisationId', 'incidentId', 'perpetratorId']).doNothing())
    .returning('perpetratorId')
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes a link; false when there was none. */
export async function deleteLink(tx: Tx, incidentId: string, perpetratorId: string): Promise<boolean> {
  const result = await tx
    .deleteFrom('incidentPerpetrator')
    .where('incidentId', '=', incidentId)
    .where('perpetratorId', '=', perpetratorId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function incidentIdsOf(tx: Tx, perpetratorId: string): Promise<string[]> {
  const rows = await tx.selectFrom('incidentPerpetrator').select('incidentId').where('perpetratorId', '=', perpetratorId).execute();
  return rows.map((r) => r.incidentId);
}

/**
 * Moves the duplicate's history to the kept record: its incident links (who linked it and
 * when stay as they were) and its measures; records merged into the duplicate before now
 * point at the kept one. The duplicate itself is marked merged_into and keeps its own fields.
 */
export async function moveHistory(tx: Tx, duplicateId: string, keptId: string): Promise<void> {
  await tx
    .insertInto('incidentPerpetrator')
    .columns(['organisationId', 'incidentId', 'perpetratorId', 'linkedBy', 'linkedAt'])
    .expression((eb) =>
      eb
        .selectFrom('incidentPerpetrator')
        .select(['organisationId', 'incidentId', sql<string>`${keptId}::uuid`.as('perpetratorId'), 'linkedBy', 'linkedAt'])
        .where('perpetratorId', '=', duplicateId),
    )
    .onConflict((oc) => oc.columns(['organisationId', 'incidentId', 'perpetratorId']).doNothing())
    .execute();
  await tx.deleteFrom('incidentPerpetrator').where('perpetratorId', '=', duplicateId).execute();
  await tx.updateTable('measure').set({ perpetratorId: keptId }).where('perpetratorId', '=', duplicateId).execute();
  await tx.updateTable('perpetrator').set({ mergedInto: keptId }).where('mergedInto', '=', duplicateId).execute();
  await tx.updateTable('perpetrator').set({ mergedInto: keptId, updatedAt: new Date() }).where('id', '=', duplicateId).execute();
}

/** What a report says about its perpetrator, to start the search for an existing record. */
export async function incidentClues(
  tx: Tx,
  incidentId: string,
): Promise<{ name: string | null; details: string | null; accounts: string[] }> {
  const incident = await tx
    .selectFrom('incident')
    .select(['perpetratorName', 'perpetratorDetails', 'onlineAccount'])
    .where('id', '=', incidentId)
    .executeTakeFirstOrThrow();
  const messages = await tx
    .selectFrom('onlineMessage')
    .select('account')
    .distinct()
    .where('incidentId', '=', incidentId)
    .where('account', 'is not', null)
    .execute();
  const accounts = [incident.onlineAccount, ...messages.map((m) => m.account)].filter((a): a is string => !!a);
  return { name: incident.perpetratorName, details: incident.perpetratorDetails, accounts };
}
