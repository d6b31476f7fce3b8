import type { SignedIn } from '../auth/session.js';
import type { DeadlineState } from '../deadline/deadline.js';
import type { PersonRef } from '../incident/incident.js';
import type { IncidentSubject } from '../incident/incident.policy.js';
import { aftercarePolicy, type AftercareAbility } from './aftercare.policy.js';
import type { ConversationRow, ReferralRow } from './aftercare.repository.js';
import type { AftercareSettings } from './aftercare-settings.js';
import type { Contact } from './contacts.js';
import type { ConversationState } from './conversation.js';

export interface AftercareConversation {
  id: string;
  number: number;
  state: ConversationState;
  caregivers: PersonRef[];
  offeredAt: Date | null;
  /** The date and time the conversation is planned for, once a caregiver planned it. */
  plannedAt: Date | null;
  respondedAt: Date | null;
  heldAt: Date | null;
  heldBy: PersonRef | null;
  deadlineId: string | null;
  dueAt: Date | null;
  notBefore: Date | null;
  deadlineState: DeadlineState | null;
  /** Only for the caregivers and the affected person; undefined for everyone else. */
  notes?: string | null;
  stalledRecovery?: boolean;
  /** What the viewer may do with it (aftercare policy), for the page's buttons; not sent by the API. */
  abilities: readonly AftercareAbility[];
}

export interface AftercarePlan {
  affected: PersonRef;
  conversations: AftercareConversation[];
  /** Referrals are as private as the notes. */
  referrals?: { id: string; contactName: string; note: string | null; createdAt: Date; createdBy: PersonRef }[];
  /** What the viewer may do: 'caregiver' acts, 'affected' answers offers, 'viewer' only looks. */
  viewerRole: 'caregiver' | 'affected' | 'viewer';
}

/**
 * The aftercare plans of an incident as one person may see them: the private notes, signals
 * and referrals are left out unless the aftercare policy lets the person read them.
 */
export function aftercarePlans(
  who: SignedIn,
  incident: IncidentSubject,
  rows: readonly ConversationRow[],
  referrals: readonly ReferralRow[],
  people: ReadonlyMap<string, PersonRef>,
): AftercarePlan[] {
  const ref = (id: string): PersonRef => people.get(id) ?? { id, name: '?' };
  const plans = new Map<string, AftercarePlan>();
  for (const r of rows) {
    const abilities = aftercarePolicy.abilitiesOf(who, { ...r, state: r.state, incidentStatus: incident.status, access: incident.access });
    const mayReadPrivate = abilities.includes('read_private');
    const viewerRole = abilities.includes('hold') ? 'caregiver' : mayReadPrivate ? 'affected' : 'viewer';
    const plan = plans.get(r.affectedUserId) ?? {
      affected: ref(r.affectedUserId),
      conversations: [],
      viewerRole,
      ...(mayReadPrivate
        ? {
            referrals: referrals
              .filter((x) => x.affectedUserId === r.affectedUserId)
              .map((x) => ({ id: x.id, contactName: x.contactName, note: x.note, createdAt: x.createdAt, createdBy: ref(x.createdBy) })),
          }
        : {}),
    };
    plan.conversations.push({
      id: r.id,
      number: r.number,
      state: r.state,
      caregivers: r.caregiverIds.map(ref),
      offeredAt: r.offeredAt,
      plannedAt: r.plannedAt,
      respondedAt: r.respondedAt,
      heldAt: r.heldAt,
      heldBy: r.heldBy ? ref(r.heldBy) : null,
      deadlineId: r.deadlineId,
      dueAt: r.dueAt,
      notBefore: r.notBefore,
      deadlineState: r.deadlineState,
      ...(mayReadPrivate ? { notes: r.notes, stalledRecovery: r.stalledRecovery } : {}),
      abilities,
    });
    plans.set(r.affectedUserId, plan);
  }
  return [...plans.values()];
}

const iso = (d: Date | null) => d?.toISOString() ?? null;
const person = (p: PersonRef) => ({ id: p.id, name: p.name });

/** The plans as the API shows them; what the viewer may not read is already left out. */
export function presentAftercare(plans: readonly AftercarePlan[]) {
  return plans.map((p) => ({
    affected: person(p.affected),
    viewerRole: p.viewerRole,
    conversations: p.conversations.map((c) => ({
      id: c.id,
      number: c.number,
      state: c.state,
      caregivers: c.caregivers.map(person),
      offeredAt: iso(c.offeredAt),
      plannedAt: iso(c.plannedAt),
      respondedAt: iso(c.respondedAt),
      heldAt: iso(c.heldAt),
      heldBy: c.heldBy ? person(c.heldBy) : null,
      deadlineId: c.deadlineId,
      notBefore: iso(c.notBefore),
      dueAt: iso(c.dueAt),
      deadlineState: c.deadlineState,
      ...('notes' in c ? { notes: c.notes ?? null, stalledRecovery: c.stalledRecovery ?? false } : {}),
    })),
    ...(p.referrals
      ? {
          referrals: p.referrals.map((r) => ({
            id: r.id,
            contactName: r.contactName,
            note: r.note,
            createdAt: r.createdAt.toISOString(),
            createdBy: person(r.createdBy),
          })),
        }
      : {}),
  }));
}

/** A contact of the help directory, for everyone in the organisation. */
export function presentContact(c: Contact) {
  return {
    id: c.id,
    position: c.position,
    name: c.name,
    description: c.description,
    phone: c.phone,
    phoneOutOfHours: c.phoneOutOfHours,
    url: c.url,
    available: c.available,
    active: c.active,
  };
}

export function presentAftercareSettings(s: AftercareSettings) {
  return {
    timings: {
      firstHours: s.timings.firstHours,
      secondHours: s.timings.secondHours,
      thirdFromDays: s.timings.thirdFromDays,
      thirdUntilDays: s.timings.thirdUntilDays,
    },
    caregivers: s.caregivers.map((r) => ({
      affectedRole: r.affectedRole,
      caregiverRoles: r.caregiverRoles,
      caregiverManager: r.caregiverManager,
    })),
  };
}
