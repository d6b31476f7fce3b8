import type { Policy } from '../access/access.js';
import type { SignedIn } from '../auth/session.js';
import type { ConsultationStatus } from './consultation.js';
import { consultationFacts } from './consultation.repository.js';

/** What a person may do with one consultation. */
export const CONSULTATION_ABILITIES = ['view', 'answer', 'report'] as const;
export type ConsultationAbility = (typeof CONSULTATION_ABILITIES)[number];

/** The facts the consultation policy decides on. */
export interface ConsultationSubject {
  id: string;
  status: ConsultationStatus;
  askerId: string;
  /** Whether the person takes part (the asker and those asked). */
  participant: boolean;
}

/** How a person stands to a consultation, the access kinds of the ability map. */
export type ConsultationAccess = 'asker' | 'consulted' | 'none';

export function consultationAccess(
  who: Pick<SignedIn, 'user'>,
  c: Pick<ConsultationSubject, 'askerId' | 'participant'>,
): ConsultationAccess {
  if (!c.participant) return 'none';
  return c.askerId === who.user.id ? 'asker' : 'consulted';
}

const OPEN: readonly ConsultationStatus[] = ['open', 'answered'];

/**
 * Only the participants see a consultation (nobody else learns that someone was in doubt).
 * While it is open anyone of them may reply; only the asker turns it into a report.
 */
export const consultationPolicy: Policy<ConsultationSubject, ConsultationAbility> = {
  resource: 'consultation',
  abilities: CONSULTATION_ABILITIES,
  load: (tx, who, ids) => consultationFacts(tx, who.user.id, ids),
  abilitiesOf(who, c) {
    const access = consultationAccess(who, c);
    if (access === 'none') return [];
    const open = OPEN.includes(c.status);
    return CONSULTATION_ABILITIES.filter((a) => a === 'view' || (open && (a === 'answer' || access === 'asker')));
  },
};
