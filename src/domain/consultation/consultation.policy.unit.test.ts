import { describe, expect, it } from 'vitest';
import { whoFor } from '../../../test/who.js';
import type { ConsultationStatus } from './consultation.js';
import { consultationPolicy, type ConsultationAccess } from './consultation.policy.js';

const ME = '00000000-0000-4000-8000-000000000001';
const STATUSES: ConsultationStatus[] = ['open', 'answered', 'converted', 'closed'];
const SUBJECT: Record<ConsultationAccess, { askerId: string; participant: boolean }> = {
  asker: { askerId: ME, participant: true },
  consulted: { askerId: 'someone-else', participant: true },
  none: { askerId: 'someone-else', participant: false },
};

describe('consultation policy', () => {
  it('gives each kind of access its abilities, per state', () => {
    const who = whoFor(['council_member'], ME);
    const map = Object.fromEntries(
      STATUSES.map((status) => [
        status,
        Object.fromEntries(
          Object.entries(SUBJECT).map(([access, facts]) => [access, consultationPolicy.abilitiesOf(who, { id: 'c', status, ...facts })]),
        ),
      ]),
    );
    expect(map).toEqual({
      open: { asker: ['view', 'answer', 'report'], consulted: ['view', 'answer'], none: [] },
      answered: { asker: ['view', 'answer', 'report'], consulted: ['view', 'answer'], none: [] },
      converted: { asker: ['view'], consulted: ['view'], none: [] },
      closed: { asker: ['view'], consulted: ['view'], none: [] },
    });
  });
});
