import type { RolePolicy } from '../access/access.js';
import type { Role } from '../user/roles.js';

/**
 * Retention (issue 11 §1, docs/retention.md): how long each kind of data is kept, and the
 * rules a run applies. Periods are per organisation; these are the defaults, each with its
 * reason (shown on the settings page and in docs/retention.md).
 */
export interface RetentionPeriods {
  /** Years after an incident was closed: the incident and everything attached to it. */
  incidentYears: number;
  /** Months after the last aftercare conversation of an affected person: its notes. */
  aftercareNoteMonths: number;
  /** Months after its last change that a perpetrator record nothing refers to any more is kept. */
  perpetratorMonths: number;
  /** Years after a ban's end date: the ban (and its letters). */
  banYears: number;
  /** Weeks after a session or API token expired or was revoked. */
  sessionWeeks: number;
  /** Weeks after a notification (and a delivered mail) was made. */
  notificationWeeks: number;
}

export const RETENTION_DEFAULTS: RetentionPeriods = {
  incidentYears: 5,
  aftercareNoteMonths: 12,
  perpetratorMonths: 3,
  banYears: 2,
  sessionWeeks: 4,
  notificationWeeks: 13,
};

/** Bounds of each period (the migration's CHECKs say the same). */
export const RETENTION_BOUNDS: Record<keyof RetentionPeriods, { min: number; max: number }> = {
  incidentYears: { min: 1, max: 30 },
  aftercareNoteMonths: { min: 1, max: 120 },
  perpetratorMonths: { min: 0, max: 120 },
  banYears: { min: 0, max: 30 },
  sessionWeeks: { min: 1, max: 104 },
  notificationWeeks: { min: 1, max: 104 },
};

export const PERIOD_NAMES = Object.keys(RETENTION_DEFAULTS) as (keyof RetentionPeriods)[];

/** The rules of a run, in the order they run (a perpetrator can become unreferenced by the first two). */
export const RETENTION_RULES = [
  'incident_closed',
  'open_incident_review',
  'ban_ended',
  'aftercare_notes',
  'perpetrator_unreferenced',
  'session_expired',
  'token_expired',
  'notification_old',
  'mail_old',
] as const;
export type RetentionRule = (typeof RETENTION_RULES)[number];

/** Which period each rule counts with. */
export const RULE_PERIOD: Record<RetentionRule, keyof RetentionPeriods> = {
  incident_closed: 'incidentYears',
  open_incident_review: 'incidentYears',
  ban_ended: 'banYears',
  aftercare_notes: 'aftercareNoteMonths',
  perpetrator_unreferenced: 'perpetratorMonths',
  session_expired: 'sessionWeeks',
  token_expired: 'sessionWeeks',
  notification_old: 'notificationWeeks',
  mail_old: 'notificationWeeks',
};

/** What a hold is, when an incident's term has passed but it stays. */
export const HOLD_KINDS = ['manual', 'prosecution', 'ban_in_force'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

/** One thing a run deletes, flags or keeps, by kind and id only (never content). */
export interface RetentionItem {
  rule: RetentionRule;
  /** What it is: incident, measure, perpetrator, aftercare_conversation, session, … */
  kind: string;
  id: string;
  /** The incident's number (its reference), where it is an incident or part of one. */
  number?: number | null;
  /** The date the term ran from (closed, ended, last change, expired), YYYY-MM-DD. */
  since: string;
  /** The date the term ended, YYYY-MM-DD: on or before the run's date. */
  due: string;
}

export interface HeldItem extends RetentionItem {
  holds: HoldKind[];
}

export interface RetentionResult {
  organisationId: string;
  asOf: string;
  dryRun: boolean;
  periods: RetentionPeriods;
  deleted: RetentionItem[];
  /** Open incidents past their term, put before the security adviser (newly, in this run). */
  flagged: RetentionItem[];
  /** Past their term but kept by a hold. */
  held: HeldItem[];
  /** Kept because something the run does not know still refers to them. */
  blocked: RetentionItem[];
  /** Evidence and letter files removed from the file store (or that would be). */
  files: number;
}

export const RETENTION_ABILITIES = ['settings.read', 'settings.change', 'hold.any'] as const;
export type RetentionAbility = (typeof RETENTION_ABILITIES)[number];

const GRANTS: Record<RetentionAbility, readonly Role[]> = {
  // The administrator keeps the settings; the privacy officer oversees them (reads, never content).
  'settings.read': ['admin', 'privacy_officer'],
  'settings.change': ['admin'],
  // The security adviser may hold any reported incident; others only the ones they handle.
  'hold.any': ['security_adviser'],
};

export const retentionPolicy: RolePolicy<RetentionAbility> = {
  resource: 'retention',
  abilities: RETENTION_ABILITIES,
  abilitiesOf: (who) => RETENTION_ABILITIES.filter((a) => GRANTS[a].some((r) => who.user.roles.includes(r))),
};

/** A YYYY-MM-DD that is a real date. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
