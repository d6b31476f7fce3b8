import type { Tx } from '../../db/database.js';
import { addDays, addHours } from '../deadline/calendar.js';
import { insertDeadlines, type NewDeadline } from '../deadline/deadline.repository.js';
import { grantAccess } from '../incident/incident.repository.js';
import { notify } from '../notification/notify.js';
import { loadRouting, routingPeople } from '../routing/routing.repository.js';
import { affectedOf, insertConversations, plannedFor } from './aftercare.repository.js';
import { loadAftercareSettings } from './aftercare-settings.js';
import { resolveCaregivers } from './caregivers.js';

/**
 * Aftercare is always offered (seed 001 §5.3): the moment an incident is reported, every
 * affected person gets three conversations with their caregivers, each watched by a deadline.
 * Times count from the report, the moment the organisation learns of it.
 */
export async function planAftercare(tx: Tx, organisationId: string, incidentId: string, occurredAt: Date, now: Date): Promise<void> {
  const [affected, existing] = await Promise.all([affectedOf(tx, incidentId), plannedFor(tx, incidentId)]);
  const todo = affected.filter((id) => !existing.has(id));
  if (todo.length === 0) return;
  const [settings, everyone, routing] = await Promise.all([loadAftercareSettings(tx), routingPeople(tx), loadRouting(tx)]);
  const byId = new Map(everyone.map((p) => [p.id, p]));
  // Nobody to care by role (e.g. an administrator was affected): the always-informed take it on.
  const fallback = everyone.filter((p) => p.active && p.roles.some((r) => routing.alwaysInform.includes(r))).map((p) => p.id);
  const { timings } = settings;
  const deadlines: NewDeadline[] = [];
  const caregiversAll = new Set<string>();
  for (const userId of todo) {
    const person = byId.get(userId);
    if (!person) continue;
    let caregivers = resolveCaregivers(settings.caregivers, person, everyone);
    if (caregivers.length === 0) caregivers = fallback.filter((id) => id !== userId);
    if (caregivers.length === 0) continue;
    caregivers.forEach((c) => caregiversAll.add(c));
    const ids = await insertConversations(tx, organisationId, incidentId, userId, caregivers);
    const base = { organisationId, incidentId, ownerIds: caregivers, createdAt: now };
    deadlines.push(
      { ...base, kind: 'aftercare_1', subjectId: ids.get(1)!, dueAt: addHours(now, timings.firstHours) },
      { ...base, kind: 'aftercare_2', subjectId: ids.get(2)!, dueAt: addHours(now, timings.secondHours) },
      {
        ...base,
        kind: 'aftercare_3',
        subjectId: ids.get(3)!,
        notBefore: addDays(now, timings.thirdFromDays),
        dueAt: addDays(now, timings.thirdUntilDays),
      },
    );
  }
  await insertDeadlines(tx, deadlines);
  const granted = await grantAccess(
    tx,
    organisationId,
    incidentId,
    occurredAt,
    new Map([...caregiversAll].map((id) => [id, 'caregiver' as const])),
    null,
  );
  await notify(tx, organisationId, granted, 'aftercare_planned', { incidentId });
}
