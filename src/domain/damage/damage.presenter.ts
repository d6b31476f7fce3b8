import type { DamageItem, DamageView } from './damage.js';

export function presentDamageItem(i: DamageItem) {
  return {
    id: i.id,
    kind: i.kind,
    description: i.description,
    amountCents: i.amountCents,
    reimbursedOn: i.reimbursedOn,
    claimedOn: i.claimedOn,
    paidOn: i.paidOn,
    paidCents: i.paidCents,
    writtenOffOn: i.writtenOffOn,
  };
}

/** The damage of a case with its totals (empty for those who do not handle it). */
export function presentDamage(view: DamageView) {
  const t = view.totals;
  return {
    items: view.items.map(presentDamageItem),
    totals: {
      totalCents: t.totalCents,
      reimbursedCents: t.reimbursedCents,
      claimedCents: t.claimedCents,
      recoveredCents: t.recoveredCents,
      writtenOffCents: t.writtenOffCents,
      outstandingCents: t.outstandingCents,
    },
  };
}
