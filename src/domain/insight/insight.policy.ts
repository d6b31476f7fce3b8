import type { RolePolicy } from '../access/access.js';
import type { Role } from '../user/roles.js';

/**
 * Who works with figures (PRODUCT.md §5.1, seed 001 §5.4):
 * - dashboard and statistics: those who handle incidents (security adviser, municipal secretary,
 *   clerk, mayor) — always counted over what each of them may see;
 * - the council's yearly report: prepared by the clerk and the secretary (and the security
 *   adviser, who collects the figures); the mayor reads it;
 * - the anonymised export: the security adviser and the secretary only;
 * - the benchmark between organisations: the security adviser.
 * Office holders and employees see their own incidents on their start page, not here.
 */
export const INSIGHT_ABILITIES = ['dashboard', 'council_report_read', 'council_report_edit', 'export', 'benchmark'] as const;
export type InsightAbility = (typeof INSIGHT_ABILITIES)[number];

const BY_ROLE: Partial<Record<Role, readonly InsightAbility[]>> = {
  security_adviser: ['dashboard', 'council_report_read', 'council_report_edit', 'export', 'benchmark'],
  municipal_secretary: ['dashboard', 'council_report_read', 'council_report_edit', 'export'],
  clerk: ['dashboard', 'council_report_read', 'council_report_edit'],
  mayor: ['dashboard', 'council_report_read'],
};

export const insightPolicy: RolePolicy<InsightAbility> = {
  resource: 'insight',
  abilities: INSIGHT_ABILITIES,
  abilitiesOf(who) {
    const granted = new Set(who.user.roles.flatMap((role) => BY_ROLE[role] ?? []));
    return INSIGHT_ABILITIES.filter((a) => granted.has(a));
  },
};
