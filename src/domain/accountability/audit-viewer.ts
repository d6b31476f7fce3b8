import { z } from 'zod';
import type { Tx } from '../../db/database.js';
import { addAmsterdamDays, amsterdamInstant } from '../../time/amsterdam.js';
import { requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { isIsoDate } from '../retention/retention.js';
import { accountabilityPolicy } from './accountability.policy.js';
import { listUsers } from '../user/user.repository.js';
import { auditVocabulary, incidentIdByNumber, searchAuditRows, type AuditRow } from './audit-viewer.repository.js';

/** An empty form field is no filter. */
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blank, schema.optional());
const day = z.string().refine(isIsoDate, 'privacy.error.day');

/** An incident reference as people write it: M-00073, m73, 73. */
const REFERENCE = /^m?-?0*(\d{1,9})$/i;
/** One part of an object id on the trail: an id, a file's SHA-256, a number (a year). */
const ID_PART = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{64}|\d{1,9})$/i;

/**
 * What may be searched as an object: a reference, or ids (parts joined by ':' as the trail writes
 * links, e.g. incident:perpetrator). Never free text: the search is written to the trail, and a
 * name typed into the field would put personal data on it.
 */
function isObjectKey(value: string): boolean {
  return REFERENCE.test(value) || value.split(':').every((part) => ID_PART.test(part));
}

/**
 * What the audit viewer searches by (issue 11 §3): who did it (a person's id), what it was about
 * (a type, an id or an incident reference), what was done (an action like perpetrator.read, or
 * all of a kind: perpetrator), and when (whole Amsterdam days). Newest first, in pages.
 */
export const auditFilterSchema = z.object({
  actor: optional(z.uuid({ error: 'privacy.error.actor' })).describe('The person who acted (user id)'),
  objectType: optional(z.string().regex(/^[a-z_]{1,40}$/, 'privacy.error.object_type')).describe('incident, perpetrator, user, …'),
  object: optional(z.string().trim().max(200, 'privacy.error.object').refine(isObjectKey, 'privacy.error.object')).describe(
    'The object: its id, or an incident reference (M-00073)',
  ),
  action: optional(z.string().regex(/^[a-z_]{1,40}(\.[a-z_]{1,40})?$/, 'privacy.error.action')).describe(
    'An action (perpetrator.read), or every action of a kind (perpetrator)',
  ),
  from: optional(day).describe('First day, yyyy-mm-dd (Europe/Amsterdam)'),
  to: optional(day).describe('Last day, yyyy-mm-dd (Europe/Amsterdam)'),
  before: optional(z.string().regex(/^\d{1,18}$/, 'privacy.error.cursor')).describe('Rows before this one (nextCursor of a page)'),
  limit: z.preprocess(
    blank,
    z.coerce
      .number({ error: 'privacy.error.limit' })
      .int('privacy.error.limit')
      .min(1, 'privacy.error.limit')
      .max(500, 'privacy.error.limit')
      .default(100),
  ),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;

/** At most this many rows in one export: a search narrows it further. */
export const EXPORT_LIMIT = 10_000;

export interface AuditPage {
  rows: AuditRow[];
  /** The cursor of the next (older) page, when there is one. */
  nextCursor: string | null;
}

/**
 * The filter as one line for the audit row of the search: ids, types and dates only (the schema
 * allows nothing else), so "who looked up whom" is itself on the trail without personal content.
 */
export function describeFilter(filter: AuditFilter): string {
  const parts = (['actor', 'objectType', 'object', 'action', 'from', 'to'] as const)
    .filter((k) => filter[k] !== undefined)
    .map((k) => `${k}=${filter[k]}`);
  return parts.join(';') || 'all';
}

async function resolved(tx: Tx, filter: AuditFilter) {
  let objectType = filter.objectType;
  let objectId = filter.object?.toLowerCase();
  const reference = objectId ? REFERENCE.exec(objectId) : null;
  if (objectId && reference && (objectType === undefined || objectType === 'incident')) {
    // An incident reference: the rows about that incident (none when no incident has it).
    objectId = (await incidentIdByNumber(tx, Number(reference[1]))) ?? '00000000-0000-0000-0000-000000000000';
    objectType = 'incident';
  }
  const from = filter.from ? amsterdamInstant(filter.from, '00:00') : undefined;
  const to = filter.to ? addAmsterdamDays(amsterdamInstant(filter.to, '00:00')!, 1) : undefined;
  return { actorId: filter.actor, objectType, objectId, action: filter.action, from, to };
}

/** One page of the organisation's audit trail, newest first; the search itself is audited. */
export async function searchAudit(tx: Tx, who: SignedIn, filter: AuditFilter): Promise<AuditPage> {
  requireRole(accountabilityPolicy, who, 'audit.read');
  const rows = await searchAuditRows(tx, { ...(await resolved(tx, filter)), before: filter.before, limit: filter.limit + 1 });
  await audit(tx, actorOf(who), { action: 'audit.search', objectType: 'audit_event', objectId: describeFilter(filter) });
  const more = rows.length > filter.limit;
  const shown = more ? rows.slice(0, filter.limit) : rows;
  return { rows: shown, nextCursor: more ? shown[shown.length - 1]!.seq : null };
}

/** Every row the filter finds (up to EXPORT_LIMIT), for a file; the export is audited with its filter. */
export async function exportAudit(tx: Tx, who: SignedIn, filter: AuditFilter, format: 'csv' | 'json'): Promise<AuditRow[]> {
  requireRole(accountabilityPolicy, who, 'audit.read');
  const rows = await searchAuditRows(tx, { ...(await resolved(tx, filter)), before: filter.before, limit: EXPORT_LIMIT });
  await audit(tx, actorOf(who), { action: `audit.export_${format}`, objectType: 'audit_event', objectId: describeFilter(filter) });
  return rows;
}

const actorOf = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

/** What the viewer's form offers: the organisation's people by name, and the actions and object types on its trail. */
export async function auditChoices(tx: Tx, who: SignedIn) {
  requireRole(accountabilityPolicy, who, 'audit.read');
  const people = (await listUsers(tx)).map((u) => ({ id: u.id, name: u.name }));
  return { people, ...(await auditVocabulary(tx)) };
}
