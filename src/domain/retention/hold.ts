import { z } from 'zod';
import type { Tx } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { can, requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { incidentPolicy } from '../incident/incident.policy.js';
import { amsterdamToday } from '../../time/amsterdam.js';
import { automaticHolds, findHold, findPeriods, removeHold, savePeriods, upsertHold } from './retention.repository.js';
import { PERIOD_NAMES, RETENTION_BOUNDS, retentionPolicy, type HoldKind, type RetentionPeriods } from './retention.js';

/** A hold by hand stops deletion of the incident until it is lifted (docs/retention.md). */
export const holdSchema = z.object({
  reason: z.string().trim().min(1, 'retention.error.reason').max(2000, 'retention.error.reason'),
});

export interface HoldState {
  incidentId: string;
  held: boolean;
  manual: { reason: string; placedAt: Date } | null;
  /** Holds that follow from the case itself, at today's date. */
  automatic: HoldKind[];
}

const actorOf = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

/**
 * Who may hold an incident: whoever may handle it (the existing incident policy), and the
 * security adviser for any reported incident. A draft, or an incident they may not hold: 404.
 */
async function requireHoldable(tx: Tx, who: SignedIn, incidentId: string): Promise<void> {
  const facts = (await incidentPolicy.load(tx, who, [incidentId])).get(incidentId);
  if (!facts || facts.status === 'draft') throw notFound();
  const adviser = retentionPolicy.abilitiesOf(who).includes('hold.any');
  if (!adviser && !can(incidentPolicy, who, 'handle', facts)) throw notFound();
}

export async function mayHold(tx: Tx, who: SignedIn, incidentId: string): Promise<boolean> {
  return requireHoldable(tx, who, incidentId).then(
    () => true,
    () => false,
  );
}

async function stateOf(tx: Tx, incidentId: string): Promise<HoldState> {
  const manual = await findHold(tx, incidentId);
  const automatic = await automaticHolds(tx, incidentId, amsterdamToday());
  return {
    incidentId,
    held: manual !== undefined || automatic.length > 0,
    manual: manual ? { reason: manual.reason, placedAt: manual.placedAt } : null,
    automatic,
  };
}

export async function getHold(tx: Tx, who: SignedIn, incidentId: string): Promise<HoldState> {
  await requireHoldable(tx, who, incidentId);
  return stateOf(tx, incidentId);
}

/** Places (or replaces the reason of) the hold by hand; audited. */
export async function placeHold(tx: Tx, who: SignedIn, incidentId: string, input: z.output<typeof holdSchema>): Promise<HoldState> {
  await requireHoldable(tx, who, incidentId);
  await upsertHold(tx, { organisationId: who.organisation.id, incidentId, reason: input.reason, placedBy: who.user.id });
  await audit(tx, actorOf(who), { action: 'retention.hold_placed', objectType: 'incident', objectId: incidentId });
  return stateOf(tx, incidentId);
}

/** Lifts the hold by hand (automatic holds stay as long as their cause); audited. No hold: 404. */
export async function liftHold(tx: Tx, who: SignedIn, incidentId: string): Promise<HoldState> {
  await requireHoldable(tx, who, incidentId);
  if (!(await removeHold(tx, incidentId))) throw notFound();
  await audit(tx, actorOf(who), { action: 'retention.hold_lifted', objectType: 'incident', objectId: incidentId });
  return stateOf(tx, incidentId);
}

// ---- The organisation's periods ----

const period = (name: keyof RetentionPeriods) =>
  z.coerce
    .number({ error: 'retention.error.period' })
    .int('retention.error.period')
    .min(RETENTION_BOUNDS[name].min, 'retention.error.period')
    .max(RETENTION_BOUNDS[name].max, 'retention.error.period');

export const periodsSchema = z.object(
  Object.fromEntries(PERIOD_NAMES.map((name) => [name, period(name)])) as Record<keyof RetentionPeriods, ReturnType<typeof period>>,
);

export async function retentionPeriods(tx: Tx, who: SignedIn): Promise<RetentionPeriods> {
  requireRole(retentionPolicy, who, 'settings.read');
  return findPeriods(tx);
}

export async function changeRetentionPeriods(tx: Tx, who: SignedIn, periods: RetentionPeriods): Promise<void> {
  requireRole(retentionPolicy, who, 'settings.change');
  await savePeriods(tx, who.organisation.id, periods, who.user.id);
  await audit(tx, actorOf(who), { action: 'retention.settings_changed', objectType: 'organisation', objectId: who.organisation.id });
}
