import type { Tx } from '../../db/database.js';
import { amsterdamInstant, amsterdamToday, addAmsterdamDays } from '../../time/amsterdam.js';
import type { SignedIn } from '../auth/session.js';
import type { Deadline } from '../deadline/deadline.js';
import { deadlinesOfOwner } from '../deadline/deadline.repository.js';
import { conversationsOnWorkList, type AssessmentSummary } from '../risk-assessment/risk-assessments.js';
import { peoplePolicy } from '../user/user.policy.js';
import {
  consultationsToAnswer,
  incidentsToLookAt,
  ownReports,
  setupProgress,
  type ConsultationToAnswer,
  type IncidentToLookAt,
  type OwnReport,
  type SetupProgress,
} from './worklist.repository.js';

/** A deadline on the work list, with whether it needs doing today. */
export interface WorkDeadline extends Deadline {
  /** Overdue, or due before the end of today (Amsterdam). */
  today: boolean;
}

/**
 * What waits for one person (issue 10 §1): the start page. Everything here comes from what
 * they may see already — their own deadlines, their inbox, consultations they take part in,
 * their own reports — so the list needs no access rules of its own.
 */
export interface WorkList {
  /** Decisions that are theirs: proposed measures (a ban is the mayor's). */
  decisions: WorkDeadline[];
  /** Aftercare conversations to offer or hold. */
  aftercare: WorkDeadline[];
  /** Every other duty with a term: police report, perpetrator response, escalations, bans ending. */
  duties: WorkDeadline[];
  toLookAt: IncidentToLookAt[];
  consultations: ConsultationToAnswer[];
  ownReports: OwnReport[];
  /** For an administrator of an organisation still setting up; undefined otherwise. */
  gettingStarted: GettingStarted | undefined;
  /** Today's risky conversations: all of them for the people on duty, otherwise those they hold. */
  riskyConversations: AssessmentSummary[];
}

export interface GettingStarted {
  progress: SetupProgress;
  /** Whether every step that can be checked is done (then the list is not shown). */
  done: boolean;
}

/** The first moment of tomorrow in Amsterdam: what is due before it is due today. */
function endOfToday(now: Date): Date {
  return amsterdamInstant(amsterdamToday(addAmsterdamDays(now, 1)), '00:00')!;
}

export async function workListOf(tx: Tx, who: SignedIn, now = new Date()): Promise<WorkList> {
  const open = (await deadlinesOfOwner(tx, who.user.id)).filter((d) => d.state === 'open' || d.state === 'overdue');
  const tomorrow = endOfToday(now);
  const deadlines: WorkDeadline[] = open.map((d) => ({ ...d, today: d.state === 'overdue' || d.dueAt < tomorrow }));
  const [toLookAt, consultations, own, riskyConversations] = await Promise.all([
    incidentsToLookAt(tx, who.user.id),
    consultationsToAnswer(tx, who.user.id),
    ownReports(tx, who.user.id),
    conversationsOnWorkList(tx, who, now),
  ]);
  let gettingStarted: GettingStarted | undefined;
  if (peoplePolicy.abilitiesOf(who).includes('people.manage')) {
    const progress = await setupProgress(tx);
    // The contacts start filled with the national help lines: adding the local ones is a step without a tick.
    const done = progress.people > 1 && progress.caregiverRules > 0 && progress.incidents > 0;
    gettingStarted = { progress, done };
  }
  return {
    decisions: deadlines.filter((d) => d.kind === 'measure_decision'),
    aftercare: deadlines.filter((d) => d.kind.startsWith('aftercare_')),
    duties: deadlines.filter((d) => d.kind !== 'measure_decision' && !d.kind.startsWith('aftercare_')),
    toLookAt,
    consultations,
    ownReports: own,
    gettingStarted,
    riskyConversations,
  };
}

/** Whether nothing at all waits (the page then says so, instead of showing empty sections). */
export function isEmpty(w: WorkList): boolean {
  return (
    w.decisions.length +
      w.aftercare.length +
      w.duties.length +
      w.toLookAt.length +
      w.consultations.length +
      w.ownReports.length +
      w.riskyConversations.length ===
    0
  );
}
