import type { RolePolicy } from '../access/access.js';
import { TRAINING_MANAGERS, TRAINING_READERS } from '../training/training.js';
import type { Role } from '../user/roles.js';

/**
 * The yearly evaluation and the protocol's versions: kept by those who keep the training
 * register (clerk, secretary, adviser), read by the mayor as well. The current protocol itself
 * is for everyone in the organisation (`protocol.current`): it is what the report form teaches.
 */
export const EVALUATION_ABILITIES = ['evaluation.read', 'evaluation.manage', 'protocol.current'] as const;
export type EvaluationAbility = (typeof EVALUATION_ABILITIES)[number];

export function evaluationAbilities(roles: readonly Role[]): EvaluationAbility[] {
  const abilities: EvaluationAbility[] = [];
  if (roles.some((r) => (TRAINING_READERS as readonly Role[]).includes(r))) abilities.push('evaluation.read');
  if (roles.some((r) => (TRAINING_MANAGERS as readonly Role[]).includes(r))) abilities.push('evaluation.manage');
  abilities.push('protocol.current');
  return abilities;
}

export const evaluationPolicy: RolePolicy<EvaluationAbility> = {
  resource: 'protocol_evaluation',
  abilities: EVALUATION_ABILITIES,
  abilitiesOf: (who) => evaluationAbilities(who.user.roles),
};

export const canEvaluation = (roles: readonly Role[], ability: EvaluationAbility) => evaluationAbilities(roles).includes(ability);
