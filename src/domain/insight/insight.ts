import { BEHAVIOURS, CHANNELS, LEVELS, PERPETRATOR_KINDS, STATUSES, TARGETS, type Channel, type Level } from '../incident/norm.js';
import { GROUPS, ROLES, type Group, type Role } from '../user/roles.js';

/**
 * Insight (PRODUCT.md §5.1, seed 001 §5): what the registered incidents show — their nature,
 * form and rise or fall — counted over the incidents the viewer may see, never more.
 * Drafts never count; an incident counts in the period in which it occurred.
 */

/** The ways figures can be broken down (the API's `by`). */
export const DIMENSIONS = [
  'level',
  'behaviour',
  'channel',
  'month',
  'role',
  'role_category',
  'group',
  'target',
  'perpetrator_kind',
  'status',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

// Groups of roles live with the roles; insight counts by them.
export { GROUPS, OFFICE_HOLDER_ROLES, groupOf, rolesOf, type Group } from '../user/roles.js';

/**
 * Role categories for anything that leaves the organisation's handlers (the council report, the
 * export, the benchmark): a role held by one person (mayor, clerk, municipal secretary) would
 * name them, so those are merged into "bestuur en griffie" (board and clerk's office).
 */
export const ROLE_CATEGORIES = ['council', 'aldermen', 'board_and_clerk', 'employees'] as const;
export type RoleCategory = (typeof ROLE_CATEGORIES)[number];

export function roleCategoryOf(role: Role): RoleCategory {
  switch (role) {
    case 'council_member':
    case 'group_member':
      return 'council';
    case 'alderman':
      return 'aldermen';
    case 'mayor':
    case 'clerk':
    case 'municipal_secretary':
      return 'board_and_clerk';
    case 'security_adviser':
    case 'employee':
    case 'admin':
    case 'privacy_officer':
      return 'employees';
  }
}

/** An incident is online when it came through social media or e-mail, or names a platform. */
export const ONLINE_CHANNELS = ['social_media', 'email'] as const satisfies readonly Channel[];

/** A period of whole Amsterdam days, both ends included (YYYY-MM-DD), and the filters beside it. */
export interface InsightFilter {
  from: string;
  to: string;
  level?: Level | undefined;
  channel?: Channel | undefined;
  group?: Group | undefined;
}

export interface Count {
  key: string;
  count: number;
}

/** Every key a dimension can have, so a breakdown shows zeros too (month: those of the period). */
export function keysOf(dimension: Dimension, filter: Pick<InsightFilter, 'from' | 'to'>): readonly string[] {
  switch (dimension) {
    case 'level':
      return LEVELS;
    case 'behaviour':
      return BEHAVIOURS;
    case 'channel':
      return CHANNELS;
    case 'month':
      return monthsOf(filter.from, filter.to);
    case 'role':
      return ROLES;
    case 'role_category':
      return ROLE_CATEGORIES;
    case 'group':
      return GROUPS;
    case 'target':
      return TARGETS;
    case 'perpetrator_kind':
      return [...PERPETRATOR_KINDS, 'unknown'];
    case 'status':
      return STATUSES.filter((s) => s !== 'draft');
  }
}

/** The months (YYYY-MM) a period touches. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > last || months.length > 1200) return months;
    months.push(key);
    month += 1;
    if (month === 13) [year, month] = [year + 1, 1];
  }
}

/** Fills in the keys a dimension has with zero, in the dimension's own order; unknown keys go last. */
export function complete(dimension: Dimension, filter: Pick<InsightFilter, 'from' | 'to'>, counts: readonly Count[]): Count[] {
  const found = new Map(counts.map((c) => [c.key, c.count]));
  const keys = keysOf(dimension, filter);
  const known = keys.map((key) => ({ key, count: found.get(key) ?? 0 }));
  const extra = counts.filter((c) => !keys.includes(c.key));
  return [...known, ...extra];
}

/** The same period one year earlier (29 February becomes 28 February). */
export function previousYear(filter: InsightFilter): InsightFilter {
  return { ...filter, from: shiftYear(filter.from, -1), to: shiftYear(filter.to, -1) };
}

function shiftYear(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  const rest = date.slice(4);
  if (rest === '-02-29') return `${year}-02-28`;
  return `${year}${rest}`;
}

/** Share of a part in a whole, as a whole percentage; null when there is nothing to divide by. */
export function percentage(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 100);
}

/** How the protocol's duties went: done in time against all that fell due. */
export interface OnTime {
  onTime: number;
  late: number;
  /** Still open and past due. */
  overdue: number;
}

export interface Figures {
  filter: InsightFilter;
  total: number;
  online: number;
  by: Record<Dimension, Count[]>;
  repeat: {
    /** Perpetrators (from the register) with two or more incidents in the period. */
    perpetrators: number;
    /** Their incidents. */
    incidents: number;
    /** Incidents that affected office holders and employees alike (seed 001 §5.2). */
    bothGroups: number;
  };
  handling: {
    /** Measures by kind and by state (proposed, decided, rejected, carried out, ended). */
    measuresByKind: Count[];
    measuresByState: Count[];
    bansInForce: number;
    policeReports: number;
    /** Police reports by the course of the prosecution (pending, dismissed, …, unknown). */
    prosecution: Count[];
    damages: { items: number; amountCents: number; reimbursedCents: number; recoveredCents: number; outstandingCents: number };
  };
  onTime: {
    aftercare: OnTime;
    perpetratorResponse: OnTime;
    labourInspectorate: OnTime;
    openDeadlines: number;
    overdueDeadlines: number;
  };
}
