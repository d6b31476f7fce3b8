import { EVENT_KINDS, OFFENCE_FROM_ORDER, type DisruptionEntry, type DisruptionEventKind } from './meeting.js';

/** One entry as the log reads it: with whether a later entry corrected it. */
export interface LogLine extends DisruptionEntry {
  /** The entry that corrects this one (a replacement or a withdrawal), if any. */
  correctedBy: string | null;
}

/** The log as read: every entry in order, what still counts, the orders and whether refusing is an offence. */
export interface DisruptionLog {
  lines: LogLine[];
  /** The events that stand (not corrected), in order. */
  standing: LogLine[];
  orders: number;
  offence: boolean;
  /** An order given after the third: the log says so, so it cannot pass unnoticed. */
  ordersBeyondOffence: number;
  /** The decision on a police report, the last one logged. */
  decision: LogLine | undefined;
}

export const isEvent = (kind: string): kind is DisruptionEventKind => (EVENT_KINDS as readonly string[]).includes(kind);

/** In the order things happened; what was logged first comes first at the same moment. */
const byMoment = (a: DisruptionEntry, b: DisruptionEntry) => a.at.getTime() - b.at.getTime() || a.loggedAt.getTime() - b.loggedAt.getTime();

/** Reads the entries (in the order they were logged) into the log. Pure. */
export function readLog(entries: readonly DisruptionEntry[]): DisruptionLog {
  const correctedBy = new Map<string, string>();
  for (const e of entries) if (e.correctsId && !correctedBy.has(e.correctsId)) correctedBy.set(e.correctsId, e.id);
  const lines = entries.map((e) => ({ ...e, correctedBy: correctedBy.get(e.id) ?? null })).sort(byMoment);
  const standing = lines.filter((l) => isEvent(l.kind) && l.correctedBy === null);
  const orders = standing.filter((l) => l.kind === 'order_to_leave').length;
  const decisions = entries.filter((e) => e.kind === 'report_decision');
  const last = decisions[decisions.length - 1];
  return {
    lines,
    standing,
    orders,
    offence: orders >= OFFENCE_FROM_ORDER,
    ordersBeyondOffence: Math.max(0, orders - OFFENCE_FROM_ORDER),
    decision: last ? lines.find((l) => l.id === last.id) : undefined,
  };
}

/**
 * The number the chair's next order gets: one more than the orders that stand, or, when it
 * replaces an order (a corrected time), that order's number.
 */
export function nextOrderNumber(log: DisruptionLog, replaces: LogLine | undefined): number {
  if (replaces?.kind === 'order_to_leave' && replaces.orderNumber !== null) return replaces.orderNumber;
  return log.orders + 1;
}
