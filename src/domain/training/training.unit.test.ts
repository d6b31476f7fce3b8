import { describe, expect, it } from 'vitest';
import { evaluationAbilities, type EvaluationAbility } from '../evaluation/evaluation.policy.js';
import { ROLES, type Role } from '../user/roles.js';
import { addMonths } from './training.js';
import { abilitiesOfRoles, type TrainingAbility } from './training.policy.js';

describe('who works with the training register and the evaluation', () => {
  it('gives every role its abilities: the clerk, secretary and adviser keep it, the mayor reads it, office holders see their own', () => {
    const expected: Record<Role, TrainingAbility[]> = {
      mayor: ['training.read', 'training.own'],
      alderman: ['training.own'],
      council_member: ['training.own'],
      group_member: ['training.own'],
      clerk: ['training.read', 'training.manage'],
      municipal_secretary: ['training.read', 'training.manage'],
      security_adviser: ['training.read', 'training.manage'],
      employee: [],
      admin: [],
      privacy_officer: [],
    };
    expect(Object.fromEntries(ROLES.map((r) => [r, abilitiesOfRoles([r])]))).toEqual(expected);
  });

  it('lets everyone read the protocol in force, and only the register keep the versions and evaluations', () => {
    const expected: Record<Role, EvaluationAbility[]> = {
      mayor: ['evaluation.read', 'protocol.current'],
      alderman: ['protocol.current'],
      council_member: ['protocol.current'],
      group_member: ['protocol.current'],
      clerk: ['evaluation.read', 'evaluation.manage', 'protocol.current'],
      municipal_secretary: ['evaluation.read', 'evaluation.manage', 'protocol.current'],
      security_adviser: ['evaluation.read', 'evaluation.manage', 'protocol.current'],
      employee: ['protocol.current'],
      admin: ['protocol.current'],
      privacy_officer: ['protocol.current'],
    };
    expect(Object.fromEntries(ROLES.map((r) => [r, evaluationAbilities([r])]))).toEqual(expected);
  });

  it('adds months to a day, to the last day of a shorter month', () => {
    expect(addMonths('2026-03-30', 3)).toBe('2026-06-30');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-12-03', 12)).toBe('2027-12-03');
  });
});
