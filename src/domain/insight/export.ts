import { createHmac, randomBytes } from 'node:crypto';
import type { Tx } from '../../db/database.js';
import { requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import {
  BEHAVIOURS,
  TARGETS,
  type Behaviour,
  type Channel,
  type Level,
  type PerpetratorKind,
  type Status,
  type Target,
} from '../incident/norm.js';
import { MEASURE_KINDS, type MeasureKind } from '../measure/measure.js';
import { GROUPS, groupOf, ROLE_CATEGORIES, roleCategoryOf, type Group, type InsightFilter, type RoleCategory } from './insight.js';
import { insightPolicy } from './insight.policy.js';
import { countExportRows, exportRows, type ExportSourceRow } from './export.repository.js';
import { PROSECUTION_KEYS } from './insight.repository.js';

/**
 * The anonymised export (PRODUCT.md §5.1, issue 9 §4): one row per visible incident of a
 * period, for analysis outside the application. What goes in is chosen column by column
 * (an allow-list): codes from fixed lists, yes/no, the month, bands — never a name, an e-mail
 * address, an account, a URL, free text, a file name, an exact time or an id.
 */

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The columns, in order, by their stable machine names (the files' headers are their translations). */
export const EXPORT_COLUMNS = [
  'month',
  'level',
  'behaviours',
  'channel',
  'online',
  'groups',
  'role_categories',
  'targets',
  'perpetrator_kind',
  'perpetrator_keys',
  'measures',
  'ban_imposed',
  'police_report',
  'prosecution',
  'aftercare_offered',
  'aftercare_held',
  'damage',
  'injury',
  'status',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/**
 * Damages of an incident (all its items together) in bands, lower bound included: an amount
 * would tell the incident apart from its neighbours far more easily than a band.
 */
export const DAMAGE_BANDS = ['none', 'under_250', 'from_250_to_1000', 'from_1000_to_5000', 'from_5000'] as const;
export type DamageBand = (typeof DAMAGE_BANDS)[number];

export function damageBand(cents: number): DamageBand {
  if (cents <= 0) return 'none';
  if (cents < 250_00) return 'under_250';
  if (cents < 1_000_00) return 'from_250_to_1000';
  if (cents < 5_000_00) return 'from_1000_to_5000';
  return 'from_5000';
}

export type ProsecutionKey = (typeof PROSECUTION_KEYS)[number];

/** One incident, anonymised. Lists are in their catalogue's order, never in the order they were entered. */
export interface ExportRow {
  month: string;
  level: Level;
  behaviours: Behaviour[];
  channel: Channel;
  online: boolean;
  groups: Group[];
  /** Never single roles: a role one person holds (mayor, clerk, secretary) is 'board_and_clerk'. */
  roleCategories: RoleCategory[];
  targets: Target[];
  perpetratorKind: PerpetratorKind | null;
  /** Pseudonyms of the perpetrators in the register: the same within one export, new in every next one. */
  perpetratorKeys: string[];
  /** Kinds of the measures taken (decided, carried out or ended). */
  measures: MeasureKind[];
  banImposed: boolean;
  policeReport: boolean;
  prosecution: ProsecutionKey[];
  aftercareOffered: boolean;
  aftercareHeld: boolean;
  damage: DamageBand;
  injury: boolean;
  status: Status;
}

export interface IncidentExport {
  filter: InsightFilter;
  rows: ExportRow[];
}

/** The items of `list` that occur in `values`, in the order of `list`. */
const inOrder = <T extends string>(list: readonly T[], values: readonly string[]): T[] => list.filter((item) => values.includes(item));

/**
 * A key made for one export and then forgotten. The pseudonym is an HMAC of the register's id
 * under it, shortened: equal ids give equal pseudonyms in this file, and without the key
 * (which nobody keeps) a pseudonym cannot be traced to an id or matched with another file's.
 * 12 hex digits (48 bits) make a collision between two perpetrators of one export negligible.
 */
function pseudonymiser(): { key: (perpetratorId: string) => string; order: (incidentId: string) => string } {
  const secret = randomBytes(32);
  const mac = (purpose: string, value: string) => createHmac('sha256', secret).update(`${purpose}:${value}`).digest('hex');
  return { key: (id) => mac('perpetrator', id).slice(0, 12), order: (id) => mac('order', id) };
}

function anonymise(row: ExportSourceRow, perpetratorKey: (id: string) => string): ExportRow {
  return {
    month: row.month,
    level: row.level,
    behaviours: inOrder(BEHAVIOURS, row.behaviours),
    channel: row.channel,
    online: row.online,
    groups: inOrder(GROUPS, row.roles.map(groupOf)),
    roleCategories: inOrder(ROLE_CATEGORIES, row.roles.map(roleCategoryOf)),
    targets: inOrder(TARGETS, row.targets),
    perpetratorKind: row.perpetratorKind,
    perpetratorKeys: row.perpetratorIds.map(perpetratorKey).sort(),
    measures: inOrder(MEASURE_KINDS, row.measureKinds),
    banImposed: row.banImposed,
    policeReport: row.policeReport,
    prosecution: inOrder(PROSECUTION_KEYS, row.prosecution),
    aftercareOffered: row.aftercareOffered,
    aftercareHeld: row.aftercareHeld,
    damage: damageBand(row.damageCents),
    injury: row.injury,
    status: row.status,
  };
}

/** What the audit trail says was exported: the format, the period and the filters; nothing about a person. */
export function exportDescription(format: ExportFormat, filter: InsightFilter): string {
  const filters = (['level', 'channel', 'group'] as const).filter((name) => filter[name]).map((name) => `;${name}=${filter[name]}`);
  return `${format}:${filter.from}/${filter.to}${filters.join('')}`;
}

/**
 * The anonymised rows of the incidents this person may see in the period (security adviser and
 * municipal secretary only; anyone else: 404). Rows go by month; within a month they are
 * shuffled anew for every export, so their order says nothing about the order of reporting
 * (and so nothing about incident numbers). Every export is audited.
 */
export async function exportIncidents(tx: Tx, who: SignedIn, filter: InsightFilter, format: ExportFormat): Promise<IncidentExport> {
  requireRole(insightPolicy, who, 'export');
  const source = await exportRows(tx, who.user.id, filter);
  const pseudonym = pseudonymiser();
  const rows = source
    .map((row) => ({ order: `${row.month}:${pseudonym.order(row.incidentId)}`, row: anonymise(row, pseudonym.key) }))
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
    .map(({ row }) => row);
  await audit(
    tx,
    { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp },
    { action: 'insight.export', objectType: 'incident_export', objectId: exportDescription(format, filter) },
  );
  return { filter, rows };
}

/** How many rows an export of the period would hold, shown before downloading (not audited: nothing leaves). */
export async function exportSize(tx: Tx, who: SignedIn, filter: InsightFilter): Promise<number> {
  requireRole(insightPolicy, who, 'export');
  return countExportRows(tx, who.user.id, filter);
}
