import type { Status } from './norm.js';

/**
 * The incident's life as an explicit state machine. A draft is the reporter's alone; from
 * `reported` on, handlers take it up; closing can be undone (reopen) with a reason.
 */
export type Transition = 'submit' | 'start' | 'close' | 'reopen';

const TRANSITIONS: Record<Transition, { from: readonly Status[]; to: Status; needsReason: boolean }> = {
  submit: { from: ['draft'], to: 'reported', needsReason: false },
  start: { from: ['reported'], to: 'in_progress', needsReason: false },
  close: { from: ['reported', 'in_progress'], to: 'closed', needsReason: true },
  reopen: { from: ['closed'], to: 'in_progress', needsReason: true },
};

export function nextStatus(current: Status, transition: Transition): Status | undefined {
  const rule = TRANSITIONS[transition];
  return rule.from.includes(current) ? rule.to : undefined;
}

export function needsReason(transition: Transition): boolean {
  return TRANSITIONS[transition].needsReason;
}

/** The transitions open from a status, for buttons and API answers. */
export function availableTransitions(current: Status): Transition[] {
  return (Object.keys(TRANSITIONS) as Transition[]).filter((t) => TRANSITIONS[t].from.includes(current));
}
