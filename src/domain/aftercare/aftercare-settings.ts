import { z } from 'zod';
import { wholeNumber } from '../../validation.js';
import type { Tx } from '../../db/database.js';
import { requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { INFORMABLE_ROLES, isRole, ROLES, type Role } from '../user/roles.js';
import { aftercareAdminPolicy } from './aftercare.policy.js';
import { readCaregiverRules, readTimings, replaceCaregiverRules, writeTimings } from './aftercare.repository.js';
import { DEFAULT_CAREGIVERS, type CaregiverRule } from './caregivers.js';

/** When the three conversations are due (protocol defaults; national guidance: 72 h, 2 weeks, 6–8 weeks). */
export interface AftercareTimings {
  firstHours: number;
  secondHours: number;
  thirdFromDays: number;
  thirdUntilDays: number;
}

export interface AftercareSettings {
  timings: AftercareTimings;
  caregivers: CaregiverRule[];
}

const hours = (max: number) => wholeNumber('error.number', 1, max);

export const aftercareSettingsSchema = z
  .object({
    timings: z.object({ firstHours: hours(720), secondHours: hours(2160), thirdFromDays: hours(180), thirdUntilDays: hours(180) }),
    caregivers: z
      .array(
        z.object({
          affectedRole: z.enum(ROLES, { error: 'error.role_invalid' }),
          caregiverRoles: z.array(z.enum(INFORMABLE_ROLES, { error: 'error.role_invalid' })).transform((r) => [...new Set(r)]),
          caregiverManager: z.boolean().default(false),
        }),
      )
      .max(50),
  })
  .superRefine((v, ctx) => {
    if (v.timings.secondHours < v.timings.firstHours)
      ctx.addIssue({ code: 'custom', path: ['timings', 'secondHours'], message: 'error.timing_order' });
    if (v.timings.thirdUntilDays < v.timings.thirdFromDays)
      ctx.addIssue({ code: 'custom', path: ['timings', 'thirdUntilDays'], message: 'error.timing_order' });
  });

export type AftercareSettingsInput = z.output<typeof aftercareSettingsSchema>;

/** The organisation's settings; without rules of its own, the protocol's default caregivers. */
export async function loadAftercareSettings(tx: Tx): Promise<AftercareSettings> {
  const [timings, rules] = await Promise.all([readTimings(tx), readCaregiverRules(tx)]);
  return {
    timings,
    caregivers:
      rules.length === 0
        ? DEFAULT_CAREGIVERS
        : rules
            .filter((r) => isRole(r.affectedRole))
            .map((r) => ({
              affectedRole: r.affectedRole as Role,
              caregiverRoles: r.caregiverRoles.filter(isRole),
              caregiverManager: r.caregiverManager,
            })),
  };
}

export function getAftercareSettings(tx: Tx, who: SignedIn): Promise<AftercareSettings> {
  requireRole(aftercareAdminPolicy, who, 'manage_settings');
  return loadAftercareSettings(tx);
}

/** Administrators set the timings and caregivers; plans made from now on follow them. */
export async function changeAftercareSettings(tx: Tx, who: SignedIn, data: AftercareSettingsInput): Promise<AftercareSettings> {
  requireRole(aftercareAdminPolicy, who, 'manage_settings');
  await writeTimings(tx, data.timings);
  await replaceCaregiverRules(tx, who.organisation.id, data.caregivers);
  await audit(
    tx,
    { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp },
    { action: 'aftercare.settings', objectType: 'organisation', objectId: who.organisation.id },
  );
  return loadAftercareSettings(tx);
}
