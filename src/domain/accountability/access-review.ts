import { z } from 'zod';
import type { Tx } from '../../db/database.js';
import { conflict, notFound, refused } from '../../errors.js';
import { addAmsterdamDays, addAmsterdamYears, amsterdamToday } from '../../time/amsterdam.js';
import { requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { completeDeadlineOf, insertDeadlines } from '../deadline/deadline.repository.js';
import { changeUser, setUserActive } from '../user/manage-users.js';
import type { Role } from '../user/roles.js';
import { findUser, listUsers } from '../user/user.repository.js';
import { accountabilityPolicy } from './accountability.policy.js';
import {
  decideLine,
  findLine,
  findReview,
  insertLines,
  insertReview,
  latestYear,
  linesOf,
  listReviews,
  lockReviews,
  markCompleted,
  markStarted,
  pendingLines,
  unfinishedReview,
} from './access-review.repository.js';
import { readsPerPerson } from './audit-viewer.repository.js';

/**
 * The yearly access review (BIO, issue 11 §3): every person's roles with what they opened in the
 * year before the review started, each role confirmed or revoked by an administrator. A revoke
 * goes through the role change of the people page (changeUser), so its rules apply — nobody
 * changes their own roles, and the other administrators and the privacy officer are told.
 */
export const ACCESS_DECISIONS = ['confirmed', 'revoked'] as const;
export type AccessDecision = (typeof ACCESS_DECISIONS)[number];

export interface AccessReview {
  id: string;
  year: number;
  dueAt: Date;
  /** The year looked back on; null while the review is only planned. */
  period: { from: Date; to: Date } | null;
  startedAt: Date | null;
  completedAt: Date | null;
}

export type ReviewState = 'planned' | 'open' | 'completed';
export const reviewState = (r: Pick<AccessReview, 'startedAt' | 'completedAt'>): ReviewState =>
  r.completedAt ? 'completed' : r.startedAt ? 'open' : 'planned';

export interface AccessReviewLine {
  id: string;
  reviewId: string;
  user: { id: string; name: string; active: boolean };
  role: Role;
  decision: 'pending' | AccessDecision;
  decidedBy: { id: string; name: string } | null;
  decidedAt: Date | null;
}

/** One person in the review: their roles (a line each) and how many objects of each type they opened. */
export interface ReviewedPerson {
  user: { id: string; name: string; active: boolean };
  lines: AccessReviewLine[];
  opened: { objectType: string; objects: number }[];
}

export interface AccessReviewRead {
  review: AccessReview;
  state: ReviewState;
  people: ReviewedPerson[];
  pending: number;
}

export const decisionSchema = z.object({ decision: z.enum(ACCESS_DECISIONS, { error: 'privacy.error.decision' }) });

/** How long the administrators have for a review started by hand (the first one). */
export const FIRST_REVIEW_DAYS = 30;

const actorOf = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

async function activeAdministrators(tx: Tx): Promise<string[]> {
  return (await listUsers(tx)).filter((u) => u.active && u.roles.includes('admin')).map((u) => u.id);
}

/** A review due at `dueAt`, with its deadline for the administrators. */
async function planReview(tx: Tx, organisationId: string, year: number, dueAt: Date, now: Date): Promise<string> {
  const id = await insertReview(tx, { organisationId, year, dueAt });
  await insertDeadlines(tx, [
    {
      organisationId,
      incidentId: null,
      kind: 'access_review',
      subjectId: id,
      ownerIds: await activeAdministrators(tx),
      dueAt,
      createdAt: now,
    },
  ]);
  return id;
}

export async function listAccessReviews(tx: Tx, who: SignedIn): Promise<AccessReview[]> {
  requireRole(accountabilityPolicy, who, 'access_review.read');
  const reviews = await listReviews(tx);
  await audit(tx, actorOf(who), { action: 'access_review.list', objectType: 'access_review' });
  return reviews;
}

/**
 * Starts the review that is due (the one planned by the last, or a first one, due in 30 days):
 * a line for every role of every active person, looking back on the year before now. A review
 * already running is answered with its id.
 */
export async function startAccessReview(tx: Tx, who: SignedIn, now = new Date()): Promise<string> {
  requireRole(accountabilityPolicy, who, 'access_review.decide');
  const organisationId = who.organisation.id;
  // Two administrators pressing start at once make one review, not a clash on its year.
  await lockReviews(tx);
  const unfinished = await unfinishedReview(tx);
  if (unfinished?.startedAt) return unfinished.id;
  const id =
    unfinished?.id ??
    (await planReview(
      tx,
      organisationId,
      Math.max(Number(amsterdamToday(now).slice(0, 4)), ((await latestYear(tx)) ?? 0) + 1),
      addAmsterdamDays(now, FIRST_REVIEW_DAYS),
      now,
    ));
  const people = (await listUsers(tx)).filter((u) => u.active);
  await insertLines(
    tx,
    organisationId,
    id,
    people.flatMap((u) => u.roles.map((role) => ({ userId: u.id, role }))),
  );
  await markStarted(tx, id, who.user.id, { from: addAmsterdamYears(now, -1), to: now });
  await audit(tx, actorOf(who), { action: 'access_review.start', objectType: 'access_review', objectId: id });
  return id;
}

async function reviewRead(tx: Tx, id: string): Promise<AccessReviewRead> {
  const review = await findReview(tx, id);
  if (!review) throw notFound();
  const lines = await linesOf(tx, id);
  const byUser = new Map<string, ReviewedPerson>();
  for (const line of lines) {
    const person = byUser.get(line.user.id) ?? { user: line.user, lines: [], opened: [] };
    person.lines.push(line);
    byUser.set(line.user.id, person);
  }
  if (review.period)
    for (const row of await readsPerPerson(tx, [...byUser.keys()], review.period.from, review.period.to))
      byUser.get(row.actorUserId)?.opened.push({ objectType: row.objectType, objects: row.objects });
  return {
    review,
    state: reviewState(review),
    people: [...byUser.values()],
    pending: lines.filter((l) => l.decision === 'pending').length,
  };
}

/** The review with its people, roles and what they opened (administrator and privacy officer); audited. */
export async function getAccessReview(tx: Tx, who: SignedIn, id: string): Promise<AccessReviewRead> {
  requireRole(accountabilityPolicy, who, 'access_review.read');
  const read = await reviewRead(tx, id);
  await audit(tx, actorOf(who), { action: 'access_review.read', objectType: 'access_review', objectId: id });
  return read;
}

export const lineDecided = () => conflict('access_review_line_decided', 'privacy.error.line_decided');
export const reviewNotOpen = () => conflict('access_review_not_open', 'privacy.error.review_not_open');
export const roleGone = () => conflict('access_review_role_gone', 'privacy.error.role_gone');
export const ownLine = () => refused('access_review_own_line', 'privacy.error.own_line');

export interface LineOutcome {
  id: string;
  decision: AccessDecision;
  /** Set when this decision was the last: the review is complete and the next one planned. */
  nextReviewId: string | null;
}

/**
 * Confirms or revokes one line. A revoke removes the role from the person through changeUser
 * (or, for their last role, closes the account, as a person without a role has no place in the
 * organisation). Nobody decides their own lines — except that the only administrator may confirm
 * their own, or the review could never end. The last decision completes the review, closes its
 * deadline and plans the next year's, due a year after this one was.
 */
export async function decideAccessLine(
  tx: Tx,
  who: SignedIn,
  lineId: string,
  decision: AccessDecision,
  now = new Date(),
): Promise<LineOutcome> {
  requireRole(accountabilityPolicy, who, 'access_review.decide');
  const line = await findLine(tx, lineId);
  if (!line) throw notFound();
  const review = await findReview(tx, line.reviewId, true);
  if (!review || reviewState(review) !== 'open') throw reviewNotOpen();
  if (line.decision !== 'pending') throw lineDecided();
  const actor = actorOf(who);
  if (line.userId === who.user.id) {
    const otherAdmins = (await activeAdministrators(tx)).filter((id) => id !== who.user.id);
    if (decision === 'revoked' || otherAdmins.length > 0) throw ownLine();
  }
  const person = await findUser(tx, line.userId);
  if (!person) throw notFound();
  const holds = person.active && person.roles.includes(line.role);
  if (decision === 'confirmed' && !holds) throw roleGone();
  if (decision === 'revoked' && holds) {
    const rest = person.roles.filter((r) => r !== line.role);
    if (rest.length > 0) await changeUser(tx, actor, person.id, { name: person.name, email: person.email, roles: rest });
    else await setUserActive(tx, actor, person.id, false);
  }
  await decideLine(tx, lineId, decision, who.user.id, now);
  await audit(tx, actor, {
    action: `access_review.${decision === 'confirmed' ? 'confirm' : 'revoke'}`,
    objectType: 'access_review_line',
    objectId: lineId,
  });
  if ((await pendingLines(tx, review.id)) > 0) return { id: lineId, decision, nextReviewId: null };
  await markCompleted(tx, review.id, who.user.id, now);
  await completeDeadlineOf(tx, review.id, who.user.id, now);
  await audit(tx, actor, { action: 'access_review.complete', objectType: 'access_review', objectId: review.id });
  const nextReviewId = await planReview(tx, who.organisation.id, review.year + 1, addAmsterdamYears(review.dueAt, 1), now);
  return { id: lineId, decision, nextReviewId };
}

/** The review a line belongs to (for the page to go back to); 404 for an unknown line or a person who may not read reviews. */
export async function reviewOfLine(tx: Tx, who: SignedIn, lineId: string): Promise<string> {
  requireRole(accountabilityPolicy, who, 'access_review.read');
  const line = await findLine(tx, lineId);
  if (!line) throw notFound();
  return line.reviewId;
}
