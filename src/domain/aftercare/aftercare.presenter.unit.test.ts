import { describe, expect, it } from 'vitest';
import type { SignedIn } from '../auth/session.js';
import { aftercarePlans, presentAftercare } from './aftercare.presenter.js';
import type { ConversationRow, ReferralRow } from './aftercare.repository.js';

const AFFECTED = '00000000-0000-4000-8000-00000000000a';
const CAREGIVER = '00000000-0000-4000-8000-00000000000c';
const ADVISER = '00000000-0000-4000-8000-00000000000d';

const who = (id: string): SignedIn => ({
  user: {
    id,
    organisationId: 'o',
    email: 'a@b.nl',
    name: 'A',
    roles: [],
    active: true,
    secondFactorEnrolled: true,
    mustChangePassword: false,
    createdAt: new Date(0),
    deactivatedAt: null,
    managerId: null,
  },
  organisation: { id: 'o', name: 'Gemeente', slug: 'g', mfaForEmployees: false },
  stage: 'complete',
  originIp: null,
});

const at = new Date('2026-11-21T09:00:00Z');
const row: ConversationRow = {
  id: '00000000-0000-4000-8000-000000000001',
  incidentId: 'i',
  affectedUserId: AFFECTED,
  number: 1,
  state: 'held',
  caregiverIds: [CAREGIVER],
  offeredAt: at,
  plannedAt: at,
  respondedAt: at,
  heldAt: at,
  heldBy: CAREGIVER,
  notes: 'Slaapt slecht.',
  stalledRecovery: false,
  deadlineId: '00000000-0000-4000-8000-000000000002',
  dueAt: at,
  notBefore: null,
  deadlineState: 'done',
};
const referral: ReferralRow = {
  id: '00000000-0000-4000-8000-000000000003',
  affectedUserId: AFFECTED,
  note: 'Aangemeld',
  createdAt: at,
  createdBy: CAREGIVER,
  contactName: 'Slachtofferhulp',
};
const people = new Map([
  [AFFECTED, { id: AFFECTED, name: 'Raadslid' }],
  [CAREGIVER, { id: CAREGIVER, name: 'Griffier' }],
]);

describe('the aftercare presenter', () => {
  it('leaves the notes, signals and referrals out for someone who only sees the incident', () => {
    const [plan] = presentAftercare(
      aftercarePlans(who(ADVISER), { id: 'i', status: 'reported', access: 'always_inform' }, [row], [referral], people),
    );
    expect(plan).toEqual({
      affected: { id: AFFECTED, name: 'Raadslid' },
      viewerRole: 'viewer',
      conversations: [
        {
          id: row.id,
          number: 1,
          state: 'held',
          caregivers: [{ id: CAREGIVER, name: 'Griffier' }],
          offeredAt: at.toISOString(),
          plannedAt: at.toISOString(),
          respondedAt: at.toISOString(),
          heldAt: at.toISOString(),
          heldBy: { id: CAREGIVER, name: 'Griffier' },
          deadlineId: row.deadlineId,
          notBefore: null,
          dueAt: at.toISOString(),
          deadlineState: 'done',
        },
      ],
    });
  });

  it('gives the caregiver and the affected person the private part', () => {
    for (const [id, access, role] of [
      [CAREGIVER, 'caregiver', 'caregiver'],
      [AFFECTED, 'affected', 'affected'],
    ] as const) {
      const [plan] = presentAftercare(aftercarePlans(who(id), { id: 'i', status: 'reported', access }, [row], [referral], people));
      expect(plan!.viewerRole).toBe(role);
      expect(plan!.conversations[0]).toMatchObject({ notes: 'Slaapt slecht.', stalledRecovery: false });
      expect(plan!.referrals).toEqual([
        {
          id: referral.id,
          contactName: 'Slachtofferhulp',
          note: 'Aangemeld',
          createdAt: at.toISOString(),
          createdBy: { id: CAREGIVER, name: 'Griffier' },
        },
      ]);
    }
  });
});
