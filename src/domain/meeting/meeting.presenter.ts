import type { SignedIn } from '../auth/session.js';
import { canCase } from '../case/case.policy.js';
import type { DisruptionLog } from './disruption-log.js';
import type { Meeting } from './meeting.js';
import type { DisruptionRead, MeetingWithDisruptions } from './meeting-log.js';

/** What the log says about the orders, as a message id: the offence from the third, louder after it. */
export type OrderNotice = 'offence' | 'order_after_offence';

export function orderNotice(log: Pick<DisruptionLog, 'offence' | 'ordersBeyondOffence'>): OrderNotice | null {
  if (log.ordersBeyondOffence > 0) return 'order_after_offence';
  return log.offence ? 'offence' : null;
}

export function presentMeeting(m: Meeting) {
  return { id: m.id, title: m.title, date: m.date, chair: m.chair, createdAt: m.createdAt.toISOString() };
}

export function presentMeetingDetail(m: MeetingWithDisruptions) {
  return {
    ...presentMeeting(m),
    disruptions: m.disruptions.map((d) => ({
      id: d.id,
      description: d.description,
      createdAt: d.createdAt.toISOString(),
      incidentId: d.incidentId,
    })),
  };
}

/** The log for one of its four readers; the register's id only for those who may read the register. */
export function presentDisruption(who: SignedIn, { disruption, meeting, log }: DisruptionRead) {
  return {
    id: disruption.id,
    meeting: presentMeeting(meeting),
    description: disruption.description,
    perpetratorId: canCase(who.user.roles, 'perpetrator.read') ? disruption.perpetratorId : null,
    incidentId: disruption.incidentId,
    events: log.lines.map((l) => ({
      id: l.id,
      kind: l.kind,
      at: l.at.toISOString(),
      orderNumber: l.orderNumber,
      correctsId: l.correctsId,
      correctedBy: l.correctedBy,
      note: l.note,
      report: l.report,
      loggedBy: l.loggedBy,
      loggedAt: l.loggedAt.toISOString(),
    })),
    orders: log.orders,
    offence: log.offence,
    ordersBeyondOffence: log.ordersBeyondOffence,
    notice: orderNotice(log),
    decision: log.decision ? { report: log.decision.report === true, at: log.decision.at.toISOString(), note: log.decision.note } : null,
  };
}
