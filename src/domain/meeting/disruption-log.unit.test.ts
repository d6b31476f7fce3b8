import { describe, expect, it } from 'vitest';
import { whoFor } from '../../../test/who.js';
import { ROLES, type Role } from '../user/roles.js';
import { nextOrderNumber, readLog } from './disruption-log.js';
import type { DisruptionEntry, DisruptionEntryKind } from './meeting.js';
import { meetingPolicy } from './meeting.policy.js';
import { orderNotice } from './meeting.presenter.js';

const clerk = { id: '00000000-0000-4000-8000-000000000001', name: 'Griffier' };
let n = 0;
const entry = (kind: DisruptionEntryKind, minute: number, extra: Partial<DisruptionEntry> = {}): DisruptionEntry => ({
  id: `e${++n}`,
  kind,
  at: new Date(Date.UTC(2026, 11, 2, 19, minute)),
  orderNumber: null,
  correctsId: null,
  note: null,
  report: null,
  loggedBy: clerk,
  loggedAt: new Date(Date.UTC(2026, 11, 2, 19, minute, n)),
  ...extra,
});

describe('reading the disruption log', () => {
  it('is an offence from the third order that stands, and says so louder after it', () => {
    const orders = [1, 2, 3, 4].map((k) => entry('order_to_leave', 10 + k, { orderNumber: k }));
    const counts = [0, 1, 2, 3, 4].map((k) => readLog(orders.slice(0, k)));
    expect(counts.map((l) => [l.orders, l.offence, orderNotice(l)])).toEqual([
      [0, false, null],
      [1, false, null],
      [2, false, null],
      [3, true, 'offence'],
      [4, true, 'order_after_offence'],
    ]);
    expect(nextOrderNumber(counts[2]!, undefined)).toBe(3);
  });

  it('leaves out what a later entry corrected, keeps it in the lines, and orders the lines by moment', () => {
    const first = entry('order_to_leave', 12, { orderNumber: 1 });
    const double = entry('order_to_leave', 13, { orderNumber: 2 });
    const withdrawn = entry('correction', 14, { correctsId: double.id, note: 'Dubbel' });
    const suspended = entry('suspended', 10);
    const moved = entry('order_to_leave', 11, { orderNumber: 1, correctsId: first.id });
    const log = readLog([first, double, withdrawn, suspended, moved]);
    expect(log.orders).toBe(1);
    expect(log.lines.map((l) => l.id)).toEqual([suspended.id, moved.id, first.id, double.id, withdrawn.id]);
    expect(log.standing.map((l) => l.id)).toEqual([suspended.id, moved.id]);
    expect(log.lines.find((l) => l.id === first.id)?.correctedBy).toBe(moved.id);
    // A replacement of an order keeps its number.
    expect(
      nextOrderNumber(
        log,
        log.lines.find((l) => l.id === moved.id),
      ),
    ).toBe(1);
    expect(nextOrderNumber(log, undefined)).toBe(2);
  });

  it('reads the last decision on a police report', () => {
    const log = readLog([entry('report_decision', 20, { report: false }), entry('report_decision', 25, { report: true })]);
    expect(log.decision?.report).toBe(true);
    expect(log.standing).toEqual([]);
  });
});

describe('meeting policy', () => {
  it('gives the log to the clerk, the mayor, the secretary and the adviser, and nothing to any other role', () => {
    const map = Object.fromEntries(ROLES.map((role) => [role, meetingPolicy.abilitiesOf(whoFor([role]))]));
    const all = ['meeting.read', 'meeting.log', 'meeting.report'];
    expect(map).toEqual({
      mayor: all,
      alderman: [],
      council_member: [],
      group_member: [],
      clerk: all,
      municipal_secretary: all,
      security_adviser: all,
      employee: [],
      admin: [],
      privacy_officer: [],
    } satisfies Record<Role, string[]>);
  });
});
