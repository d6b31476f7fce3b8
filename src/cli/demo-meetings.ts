import path from 'node:path';
import { loadConfig } from '../config.js';
import { withOrganisation, type Db } from '../db/database.js';
import type { SignedIn } from '../domain/auth/session.js';
import { localEvidenceStore, type EvidenceStore } from '../domain/evidence/evidence-store.js';
import { reportDisruption } from '../domain/meeting/disruption-incident.js';
import { createDisruption, createMeeting, logEntry } from '../domain/meeting/meeting-log.js';
import type { DisruptionEventKind } from '../domain/meeting/meeting.js';
import { findOwnOrganisation } from '../domain/organisation/organisation.repository.js';
import { findUser } from '../domain/user/user.repository.js';
import { amsterdamInstant, amsterdamToday } from '../time/amsterdam.js';
import type { DemoKey } from './demo-incidents.js';

/** The evening of the disrupted council meeting, minute by minute (seed 001 §4). */
const EVENING: [string, DemoKey, DisruptionEventKind][] = [
  ['20:14', 'griffier', 'suspended'],
  ['20:15', 'griffier', 'order_to_leave'],
  ['20:16', 'griffier', 'stream_stopped'],
  ['20:17', 'griffier', 'order_to_leave'],
  ['20:19', 'griffier', 'order_to_leave'],
  ['20:21', 'griffier', 'police_called'],
  ['20:33', 'griffier', 'police_arrived'],
  ['20:36', 'griffier', 'left'],
  ['20:45', 'griffier', 'resumed'],
];

const daysBefore = (day: string, days: number) => new Date(Date.parse(`${day}T12:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/**
 * A disrupted council meeting two weeks ago — suspended, three orders to leave, the stream
 * stopped, the police called and arrived, resumed — with the decision to report, so its
 * incident is in the register; and today's committee meeting, open for the clerk to pick.
 * Through the use cases, as the clerk. Once: nothing is added when meetings exist.
 */
export async function fillDemoMeetings(
  db: Db,
  organisationId: string,
  people: ReadonlyMap<DemoKey, string>,
  store: EvidenceStore = localEvidenceStore(path.join(loadConfig().dataDir, 'evidence')),
): Promise<number> {
  // Answers the number of incidents it made (the disrupted meeting's), for the demo's count.
  return withOrganisation(db, organisationId, async (tx) => {
    if (await tx.selectFrom('meeting').select('id').limit(1).executeTakeFirst()) return 0;
    const organisation = (await findOwnOrganisation(tx))!;
    const clerkId = people.get('griffier');
    const mayorId = people.get('burgemeester');
    const clerk = clerkId ? await findUser(tx, clerkId) : undefined;
    const mayor = mayorId ? await findUser(tx, mayorId) : undefined;
    if (!clerk || !mayor) return 0;
    const who: SignedIn = { user: clerk, organisation, stage: 'complete', originIp: null };
    const today = amsterdamToday();
    const evening = daysBefore(today, 14);
    const meetingId = await createMeeting(tx, who, { title: 'Raadsvergadering', date: evening, chair: mayor.name });
    const disruptionId = await createDisruption(tx, who, meetingId, {
      description: 'Man op de publieke tribune (grijze jas) roept en scheldt tijdens het debat over de opvanglocatie',
    });
    for (const [time, , kind] of EVENING) {
      await logEntry(tx, who, disruptionId, { kind, at: amsterdamInstant(evening, time)!, note: undefined });
    }
    await reportDisruption(tx, store, who, disruptionId, {
      decidedBy: `${mayor.name} (voorzitter), ${clerk.name} (griffier), aangewezen ambtenaar Veiligheid`,
      level: 'verbal_aggression',
    });
    await createMeeting(tx, who, { title: 'Commissie Ruimte', date: today, chair: mayor.name });
    return 1;
  });
}
