import { z } from 'zod';
import { withOrganisation, type Db, type Tx } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { parse } from '../../validation.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { isRole, ROLES, type Role } from '../user/roles.js';
import { canPeople } from '../user/user.policy.js';
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

export const aftercareSettingsSchema = z
  .object({
    timings: z.object({
      firstHours: z.coerce.number({ error: 'error.number' }).int('error.number').min(1, 'error.number').max(720, 'error.number'),
      secondHours: z.coerce.number({ error: 'error.number' }).int('error.number').min(1, 'error.number').max(2160, 'error.number'),
      thirdFromDays: z.coerce.number({ error: 'error.number' }).int('error.number').min(1, 'error.number').max(180, 'error.number'),
      thirdUntilDays: z.coerce.number({ error: 'error.number' }).int('error.number').min(1, 'error.number').max(180, 'error.number'),
    }),
    caregivers: z.array(z.object({
      affectedRole: z.enum(ROLES, { error: 'error.role_invalid' }),
      caregiverRoles: z.array(z.enum(ROLES, { error: 'error.role_invalid' })).transform((r) => [...new Set(r)]),
      caregiverManager: z.boolean().default(false),
    })).max(50),
  })
  .superRefine((v, ctx) => {
    if (v.timings.secondHours < v.timings.firstHours) ctx.addIssue({ code: 'custom', path: ['timings', 'secondHours'], message: 'error.timing_order' });
    if (v.timings.thirdUntilDays < v.timings.thirdFromDays) ctx.addIssue({ code: 'custom', path: ['timings', 'thirdUntilDays'], message: 'error.timing_order' });
  });

export async function loadAftercareSettings(tx: Tx): Promise<AftercareSettings> {
  const [org, rules] = await Promise.all([
    tx.selectFrom('organisation').select(['aftercareFirstHours', 'aftercareSecondHours', 'aftercareThirdFromDays', 'aftercareThirdUntilDays']).executeTakeFirstOrThrow(),
    tx.selectFrom('caregiverRule').selectAll().orderBy('position').execute(),
  ]);
  return {
    timings: { firstHours: org.aftercareFirstHours, secondHours: org.aftercareSecondHours, thirdFromDays: org.aftercareThirdFromDays, thirdUntilDays: org.aftercareThirdUntilDays },
    caregivers: rules.length === 0
      ? DEFAULT_CAREGIVERS
      : rules.filter((r) => isRole(r.affectedRole)).map((r) => ({ affectedRole: r.affectedRole as Role, caregiverRoles: r.caregiverRoles.filter(isRole), caregiverManager: r.caregiverManager })),
  };
}

export function getAftercareSettings(db: Db, who: SignedIn): Promise<AftercareSettings> {
  if (!canPeople(who.user.roles, 'organisation.settings')) throw notFound();
  return withOrganisation(db, who.organisation.id, loadAftercareSettings);
}

/** Administrators set the timings and caregivers; plans made from now on follow them. */
export function changeAftercareSettings(db: Db, who: SignedIn, input: unknown): Promise<AftercareSettings> {
  if (!canPeople(who.user.roles, 'organisation.settings')) throw notFound();
  const data = parse(aftercareSettingsSchema, input);
  return withOrganisation(db, who.organisation.id, async (tx) => {
    await tx.updateTable('organisation').set({
      aftercareFirstHours: data.timings.firstHours, aftercareSecondHours: data.timings.secondHours,
      aftercareThirdFromDays: data.timings.thirdFromDays, aftercareThirdUntilDays: data.timings.thirdUntilDays,
    }).execute();
    await tx.deleteFrom('caregiverRule').execute();
    if (data.caregivers.length > 0) {
      await tx.insertInto('caregiverRule').values(data.caregivers.map((r, position) => ({ organisationId: who.organisation.id, position, ...r }))).execute();
    }
    await audit(tx, { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp }, { action: 'aftercare.settings', objectType: 'organisation', objectId: who.organisation.id });
    return loadAftercareSettings(tx);
  });
}
