import { z } from 'zod';
import { cents, isPlausibleDate, requiredText } from '../../validation.js';
import type { Tx } from '../../db/database.js';
import { invalidField, notFound } from '../../errors.js';
import { can, requireOne } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { casePolicy, type CaseSubject } from '../case/case.policy.js';
import { damageOf, incidentOfDamage, insertDamage, updateDamageItem, type DamageRow } from './damage.repository.js';

/**
 * Damage (PRODUCT.md §4): the organisation first reimburses the person, then recovers the
 * costs from a known perpetrator — claimed, paid or written off. Amounts in euro cents.
 */
const date = z
  .union([z.literal(''), z.iso.date({ error: 'error.date_invalid' }).refine(isPlausibleDate, 'error.date_out_of_range')])
  .optional()
  .transform((v) => v || null);

export const damageSchema = z.object({
  kind: z.enum(['material', 'immaterial'], { error: 'error.damage_kind' }),
  description: requiredText(2000, 'error.description_required'),
  amountCents: cents(),
  reimbursedOn: date,
  claimedOn: date,
  paidOn: date,
  paidCents: cents().optional().nullable(),
  writtenOffOn: date,
});

export type DamageItem = DamageRow;

export interface DamageTotals {
  totalCents: number;
  reimbursedCents: number;
  claimedCents: number;
  recoveredCents: number;
  writtenOffCents: number;
  /** Claimed and neither paid in full nor written off. */
  outstandingCents: number;
}

export function damageTotals(items: readonly DamageItem[]): DamageTotals {
  const sum = (f: (i: DamageItem) => number) => items.reduce((n, i) => n + f(i), 0);
  return {
    totalCents: sum((i) => i.amountCents),
    reimbursedCents: sum((i) => (i.reimbursedOn ? i.amountCents : 0)),
    claimedCents: sum((i) => (i.claimedOn ? i.amountCents : 0)),
    recoveredCents: sum((i) => i.paidCents ?? 0),
    writtenOffCents: sum((i) => (i.writtenOffOn ? i.amountCents - (i.paidCents ?? 0) : 0)),
    outstandingCents: sum((i) => (i.claimedOn && !i.writtenOffOn ? Math.max(0, i.amountCents - (i.paidCents ?? 0)) : 0)),
  };
}

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

export interface DamageView {
  items: DamageItem[];
  totals: DamageTotals;
  canManage: boolean;
}

/** The damage of a case, for its handlers; others see none. */
export async function listDamage(tx: Tx, who: SignedIn, incidentId: string): Promise<DamageView> {
  return damageOfCase(tx, who, await requireOne(tx, who, casePolicy, 'view', incidentId));
}

/** listDamage for a case whose facts the caller already has. */
export async function damageOfCase(tx: Tx, who: SignedIn, subject: CaseSubject): Promise<DamageView> {
  const canManage = can(casePolicy, who, 'damage.manage', subject);
  if (!canManage) return { items: [], totals: damageTotals([]), canManage };
  const items = await damageOf(tx, subject.incidentId);
  return { items, totals: damageTotals(items), canManage };
}

export type DamageInput = z.output<typeof damageSchema>;

/** What was paid back cannot be more than the damage itself (API and form alike). */
function checkPaid(data: DamageInput): void {
  if (data.paidCents != null && data.paidCents > data.amountCents) throw invalidField('paidCents', 'error.paid_more_than_amount');
}

export async function addDamage(tx: Tx, who: SignedIn, incidentId: string, data: DamageInput): Promise<string> {
  await requireOne(tx, who, casePolicy, 'damage.manage', incidentId);
  checkPaid(data);
  const id = await insertDamage(tx, {
    organisationId: who.organisation.id,
    incidentId,
    ...data,
    paidCents: data.paidCents ?? null,
    createdBy: who.user.id,
  });
  await audit(tx, actor(who), { action: 'damage.create', objectType: 'incident', objectId: incidentId });
  return id;
}

/** Changes a damage item; answers its incident. */
export async function updateDamage(tx: Tx, who: SignedIn, id: string, data: DamageInput): Promise<string> {
  const incidentId = await incidentOfDamage(tx, id);
  if (!incidentId) throw notFound();
  await requireOne(tx, who, casePolicy, 'damage.manage', incidentId);
  checkPaid(data);
  await updateDamageItem(tx, id, { ...data, paidCents: data.paidCents ?? null });
  await audit(tx, actor(who), { action: 'damage.update', objectType: 'incident', objectId: incidentId });
  return incidentId;
}
