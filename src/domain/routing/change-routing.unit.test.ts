import { describe, expect, it } from 'vitest';
import { aftercareSettingsSchema } from '../aftercare/aftercare-settings.js';
import { routingSchema } from './change-routing.js';

// The privacy officer oversees the processing and never reads a case (issue 11 §3): no rule may
// give the role incident content, by routing or as a caregiver.
describe('rules that give incident content', () => {
  const rule = (informRoles: string[]) => ({
    rules: [{ affectedRole: 'council_member', informRoles }],
    alwaysInform: ['security_adviser'],
  });

  it('routing accepts the handling roles and refuses the privacy officer, in a rule and as always informed', () => {
    expect(routingSchema.safeParse(rule(['clerk', 'mayor'])).success).toBe(true);
    expect(routingSchema.safeParse(rule(['clerk', 'privacy_officer'])).success).toBe(false);
    expect(routingSchema.safeParse({ rules: [], alwaysInform: ['security_adviser', 'privacy_officer'] }).success).toBe(false);
  });

  it('a privacy officer can be the affected person of a rule, but not its caregiver', () => {
    expect(
      routingSchema.safeParse({ rules: [{ affectedRole: 'privacy_officer', informRoles: ['mayor'] }], alwaysInform: ['security_adviser'] })
        .success,
    ).toBe(true);
    const caregivers = (caregiverRoles: string[]) => ({
      timings: { firstHours: 24, secondHours: 336, thirdFromDays: 60, thirdUntilDays: 90 },
      caregivers: [{ affectedRole: 'clerk', caregiverRoles, caregiverManager: false }],
    });
    expect(aftercareSettingsSchema.safeParse(caregivers(['security_adviser'])).success).toBe(true);
    const parsed = aftercareSettingsSchema.safeParse(caregivers(['privacy_officer']));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.some((i) => i.path.includes('caregiverRoles'))).toBe(true);
  });
});
