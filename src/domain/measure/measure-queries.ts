import type { Tx } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { amsterdamToday } from '../../time/amsterdam.js';
import { requireOne, requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { isMeasureDeadline, type Deadline } from '../deadline/deadline.js';
import { deadlinesOfIncident } from '../deadline/deadline.repository.js';
import type { Incident } from '../incident/incident.js';
import { incidentPolicy } from '../incident/incident.policy.js';
import { findIncident } from '../incident/incident.repository.js';
import { actorOf } from '../perpetrator/perpetrator-access.js';
import { perpetratorPolicy } from '../perpetrator/perpetrator.policy.js';
import type { ActiveBan, Measure, PerpetratorHistory } from './measure.js';
import { banListPolicy, measurePolicy, measureSubject, type MeasureAbility } from './measure.policy.js';
import { activeBans, linkedPerpetrators, measuresOf, perpetratorHistory } from './measure.repository.js';

export type MeasureView = Measure & { abilities: MeasureAbility[] };

export interface IncidentMeasures {
  incident: Incident;
  /** The perpetrators the register links to this incident. */
  perpetrators: { id: string; name: string; kind: PerpetratorHistory['kind'] }[];
  /** Their record; undefined for handlers without access to the perpetrator register. */
  history: PerpetratorHistory[] | undefined;
  measures: MeasureView[];
  mayPropose: boolean;
  /** The 24-hour response duty and the end of each ban. */
  deadlines: Deadline[];
}

/**
 * Everything needed to weigh and follow the measures of one incident: its norm level, the
 * perpetrator's history, the measures with what this person may do next. Handlers only;
 * the read is audited (perpetrator data is criminal-law data).
 */
export async function getIncidentMeasures(tx: Tx, who: SignedIn, incidentId: string): Promise<IncidentMeasures> {
  const { access } = await requireOne(tx, who, incidentPolicy, 'handle', incidentId);
  const incident = await findIncident(tx, incidentId);
  if (!incident) throw notFound();
  const today = amsterdamToday();
  const [perpetrators, measures, deadlines] = await Promise.all([
    linkedPerpetrators(tx, incidentId),
    measuresOf(tx, { incidentId }),
    deadlinesOfIncident(tx, incidentId),
  ]);
  const history = perpetratorPolicy.abilitiesOf(who).includes('perpetrator.read') ? await perpetratorHistory(tx, perpetrators) : undefined;
  await audit(tx, actorOf(who), { action: 'measure.read', objectType: 'incident', objectId: incidentId });
  return {
    incident,
    perpetrators,
    history,
    measures: measures.map((m) => ({ ...m, abilities: [...measurePolicy.abilitiesOf(who, measureSubject(m, access, today))] })),
    mayPropose: true,
    deadlines: deadlines.filter((d) => isMeasureDeadline(d.kind)),
  };
}

/** One measure with the person's abilities; 404 unless they handle its incident. */
export async function getMeasure(tx: Tx, who: SignedIn, id: string): Promise<MeasureView> {
  const subject = await requireOne(tx, who, measurePolicy, 'view', id);
  const [m] = await measuresOf(tx, { id });
  if (!m) throw notFound();
  await audit(tx, actorOf(who), { action: 'measure.read', objectType: 'measure', objectId: id });
  return { ...m, abilities: [...measurePolicy.abilitiesOf(who, subject)] };
}

/** The incident of a measure the person may see; 404 otherwise. */
export async function incidentOfMeasure(tx: Tx, who: SignedIn, id: string): Promise<string> {
  return (await requireOne(tx, who, measurePolicy, 'view', id)).incidentId;
}

/** The bans in force today, for the front desk: a name and until when; nothing else. */
export async function listActiveBans(tx: Tx, who: SignedIn): Promise<ActiveBan[]> {
  requireRole(banListPolicy, who, 'bans.front_desk');
  const bans = await activeBans(tx, amsterdamToday());
  await audit(tx, actorOf(who), { action: 'bans.read' });
  return bans;
}
