import type { RolePolicy } from '../access/access.js';
import type { Role } from '../user/roles.js';
import { OWN_SESSION_ROLES, TRAINING_MANAGERS, TRAINING_READERS } from './training.js';

/**
 * Who works with the dialogue and training register: the clerk, the secretary and the adviser
 * plan sessions, record attendance and the agreements (`training.manage`); the mayor reads it
 * all (`training.read`). Office holders see their own sessions (`training.own`). For anyone else the register does not exist (404).
 */
export const TRAINING_ABILITIES = ['training.read', 'training.manage', 'training.own'] as const;
export type TrainingAbility = (typeof TRAINING_ABILITIES)[number];

const has = (roles: readonly Role[], set: readonly Role[]) => roles.some((r) => set.includes(r));

export function abilitiesOfRoles(roles: readonly Role[]): TrainingAbility[] {
  const abilities: TrainingAbility[] = [];
  if (has(roles, TRAINING_READERS)) abilities.push('training.read');
  if (has(roles, TRAINING_MANAGERS)) abilities.push('training.manage');
  if (has(roles, OWN_SESSION_ROLES)) abilities.push('training.own');
  return abilities;
}

export const trainingPolicy: RolePolicy<TrainingAbility> = {
  resource: 'training_session',
  abilities: TRAINING_ABILITIES,
  abilitiesOf: (who) => abilitiesOfRoles(who.user.roles),
};

export const canTraining = (roles: readonly Role[], ability: TrainingAbility) => abilitiesOfRoles(roles).includes(ability);
