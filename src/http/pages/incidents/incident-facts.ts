import type { Incident, TimelineEntry } from '../../../domain/incident/incident.js';
import { STATUSES, type Status } from '../../../domain/incident/norm.js';
import type { View } from '../../components/view.js';
import { formatDateTime, isMessageKey } from '../../i18n/index.js';

/** One fact of an incident in words, as the incident page and its summary PDF show it. */
export interface IncidentFact {
  label: string;
  value: string;
  /** Keeps the value's line breaks (a description, the online part). */
  lines?: boolean;
}

/** The incident's facts in the reader's language: one list for the page and the PDF, so they never differ. */
export function incidentFacts(view: View, incident: Incident): IncidentFact[] {
  const t = view.t;
  const none = t('incident.none');
  const facts: IncidentFact[] = [
    { label: t('incidents.status'), value: t(`status.${incident.status}`) },
    { label: t('incidents.level'), value: t(`level.${incident.level}`) },
    {
      label: t('incident.occurred'),
      value: `${formatDateTime(incident.occurredAt, view.lang)}${incident.occurredUntil ? ` – ${formatDateTime(incident.occurredUntil, view.lang)}` : ''}`,
    },
    { label: t('incidents.channel'), value: t(`channel.${incident.channel}`) },
    { label: t('report.description'), value: incident.description, lines: true },
    { label: t('incident.behaviours'), value: incident.behaviours.map((b) => t(`behaviour.${b}`)).join(', ') || none },
    { label: t('incident.targets'), value: incident.targets.map((x) => t(`target.${x}`)).join(', ') },
    { label: t('report.place'), value: incident.place ?? none },
    { label: t('incident.reporter'), value: incident.reporter.name },
    ...(incident.onBehalfOf ? [{ label: t('incident.on_behalf'), value: incident.onBehalfOf.name }] : []),
    { label: t('incident.affected'), value: incident.affected.map((a) => a.name).join(', ') },
    {
      label: t('report.perpetrator'),
      value: incident.perpetrator
        ? [t(`perpetrator.${incident.perpetrator.kind}`), incident.perpetrator.name, incident.perpetrator.details]
            .filter(Boolean)
            .join(' — ')
        : none,
    },
    { label: t('report.witnesses'), value: incident.witnesses ?? none },
    {
      label: t('report.injury'),
      value:
        [
          incident.injury.physical && t('report.injury_physical'),
          incident.injury.mental && t('report.injury_mental'),
          incident.injury.hospital && t('report.injury_hospital'),
          incident.injury.lastingHarm && t('report.injury_lasting'),
          incident.injury.death && t('report.injury_death'),
          incident.damage,
        ]
          .filter(Boolean)
          .join(', ') || none,
    },
  ];
  if (incident.online)
    facts.push({
      label: t('report.online'),
      value: [
        [incident.online.platform, incident.online.account].filter(Boolean).join(' — '),
        incident.online.normStated ? t('report.norm_stated') : '',
        incident.online.platformNotified ? t('report.platform_notified') : '',
      ]
        .filter(Boolean)
        .join('\n'),
      lines: true,
    });
  return facts;
}

export function eventText(view: View, e: TimelineEntry, names: Map<string, string>): string {
  const t = view.t;
  const d = e.detail as Record<string, unknown>;
  switch (e.kind) {
    case 'routed': {
      const count = (d.informed as unknown[] | undefined)?.length ?? 0;
      return t(count === 1 ? 'event.routed_one' : 'event.routed', { count: String(count) });
    }
    case 'status_changed':
      return `${t('event.status_changed', { from: statusText(view, d.from), to: statusText(view, d.to) })}${d.reason ? ` — ${String(d.reason)}` : ''}`;
    case 'evidence_added':
      return t('event.evidence_added', { fileName: String(d.fileName), sha256: String(d.sha256) });
    case 'access_granted':
      return t('event.access_granted', { name: names.get(String(d.userId)) ?? '?' });
    case 'disruption_logged': {
      // The council-meeting log (domain/meeting): the step and the moment it was logged for.
      const key = `meetings.kind.${String(d.entry)}`;
      const step = isMessageKey(key) ? t(key) : String(d.entry);
      const order = typeof d.orderNumber === 'number' ? ` (${t('meetings.order_number', { number: String(d.orderNumber) })})` : '';
      const at = typeof d.at === 'string' ? `, ${formatDateTime(new Date(d.at), view.lang)}` : '';
      return `${t('event.disruption_logged')}: ${step}${order}${at}`;
    }
    case 'escalation_done':
      return t('event.escalation_done', {
        duty: d.kind === 'labour_inspectorate' || d.kind === 'kings_commissioner' ? t(`duty.${d.kind}`) : String(d.kind),
      });
    default: {
      // Events are stored as data: a kind without a text of its own is shown as it is stored.
      const key = `event.${e.kind}`;
      return isMessageKey(key) ? t(key) : e.kind;
    }
  }
}

/** A status named in a stored event. */
function statusText(view: View, status: unknown): string {
  return (STATUSES as readonly unknown[]).includes(status) ? view.t(`status.${status as Status}`) : String(status);
}
