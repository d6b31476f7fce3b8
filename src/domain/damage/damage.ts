import { z } from 'zod';
import { withOrganisation, type Db } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { parse, isUuid } from '../../validation.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { canHandleCase } from '../case/case.policy.js';
import { visibleIncident } from '../incident/incident-queries.js';

/**
 * Damage (PRODUCT.md §4): the organisation first reimburses the person, then recovers the
 * costs from a known perpetrator — claimed, paid or written off. Amounts in euro cents.
 */
const date = z.union([z.literal(''), z.iso.date({ error: 'error.date_invalid' })]).optional().transform((v) => v || null);

export const damageSchema = z.object({
  kind: z.enum(['material', 'immaterial'], { error: 'error.damage_kind' }),
  description: z.string().trim().min(1, 'error.description_required').max(2000, 'error.text_too_long'),
  amountCents: z.coerce.number({ error: 'error.amount' }).int('error.amount').min(0, 'error.amount').max(100_000_000, 'error.amount'),
  reimbursedOn: date,
  claimedOn: date,
  paidOn: date,
  paidCents: z.coerce.number({ error: 'error.amount' }).int('error.amount').min(0, 'error.amount').max(100_000_000, 'error.amount').optional().nullable(),
  writtenOffOn: date,
});

export interface DamageItem {
  id: string;
  kind: 'material' | 'immaterial';
  description: string;
  amountCents: number;
  reimbursedOn: string | null;
  claimedOn: string | null;
  paidOn: string | null;
  paidCents: number | null;
  writtenOffOn: string | null;
}

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

export function listDamage(db: Db, who: SignedIn, incidentId: string): Promise<{ items: DamageItem[]; totals: DamageTotals; canManage: boolean }> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const { access } = await visibleIncident(tx, who, incidentId);
    const canManage = canHandleCase(access);
    if (!canManage) return { items: [], totals: damageTotals([]), canManage };
    const items = await tx
      .selectFrom('damageItem')
      .select(['id', 'kind', 'description', 'amountCents', 'reimbursedOn', 'claimedOn', 'paidOn', 'paidCents', 'writtenOffOn'])
      .where('incidentId', '=', incidentId)
      .orderBy('createdAt')
      .execute();
    return { items, totals: damageTotals(items), canManage };
  });
}

export function addDamage(db: Db, who: SignedIn, incidentId: string, input: unknown): Promise<string> {
  const data = parse(damageSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const { access } = await visibleIncident(tx, who, incidentId);
    if (!canHandleCase(access)) throw notFound();
    const row = await tx.insertInto('damageItem').values({ organisationId: who.organisation.id, incidentId, ...data, paidCents: data.paidCents ?? null, createdBy: who.user.id }).returning('id').executeTakeFirstOrThrow();
    await audit(tx, actor(who), { action: 'damage.create', objectType: 'incident', objectId: incidentId });
    return row.id;
  });
}

export function updateDamage(db: Db, who: SignedIn, id: string, input: unknown): Promise<void> {
  const data = parse(damageSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    if (!isUuid(id)) throw notFound();
    const item = await tx.selectFrom('damageItem').select('incidentId').where('id', '=', id).executeTakeFirst();
    if (!item) throw notFound();
    const { access } = await visibleIncident(tx, who, item.incidentId);
    if (!canHandleCase(access)) throw notFound();
    await tx.updateTable('damageItem').set({ ...data, paidCents: data.paidCents ?? null }).where('id', '=', id).execute();
    await audit(tx, actor(who), { action: 'damage.update', objectType: 'incident', objectId: item.incidentId });
  });
}
