import type { RolePolicy } from '../access/access.js';
import { canCase } from '../case/case.policy.js';
import type { Role } from '../user/roles.js';
import { RISK_ROLES } from './risk-assessment.js';

/**
 * Who runs risk assessments: the security adviser with the clerk (seed 001 §3.1), the
 * secretary and the mayor — each all of them. The people on duty (the front desk, who also see
 * who may not enter) see today's risky conversations: when, where, with whom of ours, and what
 * is arranged — not what the conversation is about. Everyone else gets 404.
 */
export const RISK_ABILITIES = ['risk.read', 'risk.manage', 'risk.today'] as const;
export type RiskAbility = (typeof RISK_ABILITIES)[number];

export function runsRiskAssessments(roles: readonly Role[]): boolean {
  return roles.some((r) => (RISK_ROLES as readonly Role[]).includes(r));
}

export const riskPolicy: RolePolicy<RiskAbility> = {
  resource: 'risk_assessment',
  abilities: RISK_ABILITIES,
  abilitiesOf: (who) => {
    if (runsRiskAssessments(who.user.roles)) return RISK_ABILITIES;
    return canCase(who.user.roles, 'bans.front_desk') ? ['risk.today'] : [];
  },
};

/** Whether the navigation shows risk assessments (those who run them) or only today's conversations (the people on duty). */
export function riskNavigation(who: Parameters<typeof riskPolicy.abilitiesOf>[0]): 'all' | 'today' | undefined {
  const abilities = riskPolicy.abilitiesOf(who);
  if (abilities.includes('risk.read')) return 'all';
  return abilities.includes('risk.today') ? 'today' : undefined;
}
