import type { Tx } from '../../db/database.js';
import { validationFailed } from '../../errors.js';
import type { MessageKey } from '../../http/i18n/index.js';
import { amsterdamToday } from '../../time/amsterdam.js';
import { requireRole } from '../access/access.js';
import { audit, type Actor } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { peoplePolicy } from '../user/user.policy.js';
import { GROUP_THRESHOLD } from './benchmark-suppression.js';
import { figuresOf, REFRESHED_YEARS, type Benchmark, type BenchmarkProfile } from './benchmark.js';
import { countedYears, findProfile, groupCounts, ownCounts, refreshFigures, saveProfile } from './benchmark.repository.js';
import { insightPolicy } from './insight.policy.js';

/** The years the daily count covers at moment `now`: this Amsterdam year and the four before. */
export function refreshedYears(now: Date): { from: number; to: number } {
  const year = Number(amsterdamToday(now).slice(0, 4));
  return { from: year - REFRESHED_YEARS + 1, to: year };
}

/** The administrator's settings page: whether the organisation takes part, and as what. */
export async function benchmarkSettings(tx: Tx, who: SignedIn): Promise<BenchmarkProfile> {
  requireRole(peoplePolicy, who, 'organisation.settings');
  return findProfile(tx);
}

/**
 * Opting in or out, with kind, size class and headcounts (audited). Taking part needs all four.
 * The organisation's own figures are counted at once, so its adviser sees them today; on opting
 * out they are removed, and the organisation is in no group from this moment on.
 */
export async function changeBenchmarkSettings(
  tx: Tx,
  who: SignedIn,
  actor: Actor & { organisationId: string },
  profile: BenchmarkProfile,
  now = new Date(),
): Promise<void> {
  requireRole(peoplePolicy, who, 'organisation.settings');
  if (profile.participating) {
    const missing: Record<string, MessageKey> = {};
    if (!profile.kind) missing.kind = 'benchmark.error.kind';
    if (!profile.sizeClass) missing.sizeClass = 'benchmark.error.size_class';
    if (!profile.officeHolders) missing.officeHolders = 'benchmark.error.office_holders';
    if (!profile.employees) missing.employees = 'benchmark.error.employees';
    if (Object.keys(missing).length > 0) throw validationFailed(missing);
  }
  await saveProfile(tx, actor.organisationId, profile);
  await refreshFigures(tx, refreshedYears(now), now, actor.organisationId);
  await audit(tx, actor, {
    action: profile.participating ? 'benchmark.opt_in' : 'benchmark.settings',
    objectType: 'organisation',
    objectId: actor.organisationId,
  });
}

/**
 * The benchmark of a year for the security adviser: the organisation's own rates (exact) and
 * its group's (over at least five other organisations, small counts suppressed).
 */
export async function benchmarkFor(tx: Tx, who: SignedIn, year: number): Promise<Benchmark & { years: number[] }> {
  requireRole(insightPolicy, who, 'benchmark');
  const profile = await findProfile(tx);
  const none = { year, profile, own: null, group: null, computedAt: null, years: [] };
  if (!profile.participating) return none;
  const [own, group, years] = [await ownCounts(tx, year), await groupCounts(tx, year), await countedYears(tx)];
  return {
    year,
    profile,
    own: own ? figuresOf(own, profile.officeHolders ?? 0, profile.employees ?? 0, 0) : null,
    group: group
      ? { organisations: group.organisations, figures: figuresOf(group, group.officeHolders, group.employees, GROUP_THRESHOLD) }
      : null,
    computedAt: own?.computedAt ?? null,
    years,
  };
}

/** The daily job's work: every participating organisation's counts of the refreshed years. */
export async function refreshAllFigures(tx: Tx, now = new Date()): Promise<number> {
  return refreshFigures(tx, refreshedYears(now), now, null);
}
