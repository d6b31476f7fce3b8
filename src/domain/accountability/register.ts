import type { Tx } from '../../db/database.js';
import { requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { loadRouting } from '../routing/routing.repository.js';
import type { Routing } from '../routing/routing.js';
import { findPeriods } from '../retention/retention.repository.js';
import type { RetentionPeriods } from '../retention/retention.js';
import { ROLES, type Role } from '../user/roles.js';
import { listUsers } from '../user/user.repository.js';
import { accountabilityPolicy } from './accountability.policy.js';

/**
 * The register of processing (GDPR art. 30) as the configuration makes it today: whose data for
 * which purposes is fixed by the protocol, but who receives it follows the organisation's routing,
 * how long it is kept its retention settings, and who holds which role its people. Generated on
 * every read, so it never lags behind a change of settings.
 */
export interface ProcessingRegister {
  organisation: string;
  generatedAt: Date;
  periods: RetentionPeriods;
  routing: Routing;
  /** Active people per role. */
  holders: Record<Role, number>;
  /** The privacy officers, by name: the contact for the register (art. 30(1)(a)). */
  privacyOfficers: string[];
  mfaForEmployees: boolean;
}

export async function processingRegister(tx: Tx, who: SignedIn, now = new Date()): Promise<ProcessingRegister> {
  requireRole(accountabilityPolicy, who, 'register.read');
  const people = (await listUsers(tx)).filter((u) => u.active);
  const holders = Object.fromEntries(ROLES.map((r) => [r, people.filter((p) => p.roles.includes(r)).length])) as Record<Role, number>;
  const register: ProcessingRegister = {
    organisation: who.organisation.name,
    generatedAt: now,
    periods: await findPeriods(tx),
    routing: await loadRouting(tx),
    holders,
    privacyOfficers: people.filter((p) => p.roles.includes('privacy_officer')).map((p) => p.name),
    mfaForEmployees: who.organisation.mfaForEmployees,
  };
  await audit(
    tx,
    { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp },
    {
      action: 'privacy_register.read',
      objectType: 'organisation',
      objectId: who.organisation.id,
    },
  );
  return register;
}
