import { withOrganisation, type Db } from '../../db/database.js';
import { isUuid } from '../../validation.js';
import { notFound } from '../../errors.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { canCase } from '../case/case.policy.js';
import { amsterdamDay } from '../../time/amsterdam.js';
import type { Deadline } from '../deadline/deadline.js';
import { deadlinesOfIncident } from '../deadline/deadline.repository.js';
import type { Incident } from '../incident/incident.js';
import { visibleIncident } from '../incident/incident-queries.js';
import { accessOf } from '../incident/incident.repository.js';
import type { ActiveBan, Measure, PerpetratorHistory } from './measure.js';
import { canSeeMeasures, measureAbilities, type MeasureAbility } from './measure.policy.js';
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

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

/**
 * Everything needed to weigh and follow the measures of one incident: its norm level, the
 * perpetrator's history, the measures with what this person may do next. Handlers only;
 * the read is audited (perpetrator data is criminal-law data).
 */
export function getIncidentMeasures(db: Db, who: SignedIn, incidentId: string): Promise<IncidentMeasures> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const { incident, access } = await visibleIncident(tx, who, incidentId);
    if (!canSeeMeasures(access)) throw notFound();
    const today = amsterdamDay(new Date()).date;
    const [perpetrators, measures, deadlines] = await Promise.all([linkedPerpetrators(tx, incidentId), measuresOf(tx, { incidentId }), deadlinesOfIncident(tx, incidentId)]);
    const history = canCase(who.user.roles, 'perpetrator.read') ? await perpetratorHistory(tx, perpetrators) : undefined;
    await audit(tx, actor(who), { action: 'measure.read', objectType: 'incident', objectId: incidentId });
    return {
      incident,
      perpetrators,
      history,
      measures: measures.map((m) => ({ ...m, abilities: measureAbilities(who.user.roles, access, m, today) })),
      mayPropose: true,
      deadlines: deadlines.filter((d) => d.kind === 'perpetrator_response' || d.kind === 'ban_end'),
    };
  });
}

/** One measure with the person's abilities; 404 unless they handle its incident. */
export function getMeasure(db: Db, who: SignedIn, id: string): Promise<MeasureView> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    if (!isUuid(id)) throw notFound();
    const [m] = await measuresOf(tx, { id });
    if (!m) throw notFound();
    const access = await accessOf(tx, m.incidentId, who.user.id);
    if (!canSeeMeasures(access)) throw notFound();
    await audit(tx, actor(who), { action: 'measure.read', objectType: 'measure', objectId: id });
    return { ...m, abilities: measureAbilities(who.user.roles, access, m, amsterdamDay(new Date()).date) };
  });
}

/** The bans in force today, for the front desk: a name and until when; nothing else. */
export function listActiveBans(db: Db, who: SignedIn): Promise<ActiveBan[]> {
  if (!canCase(who.user.roles, 'bans.front_desk')) throw notFound();
  return withOrganisation(db, who.organisation.id, async (tx) => {
    const bans = await activeBans(tx, amsterdamDay(new Date()).date);
    await audit(tx, actor(who), { action: 'bans.read' });
    return bans;
  });
}
