import type { Tx } from '../../db/database.js';
import { incidentReferenceOrNull } from '../incident/incident.js';
import { amsterdamDay } from '../../time/amsterdam.js';
import {
  accountOf,
  activityOf,
  aftercareAbout,
  attachedCounts,
  disruptionsBy,
  incidentsAffecting,
  incidentsInformed,
  incidentsOfPerpetrator,
  incidentsReportedBy,
  lettersTo,
  measuresAgainst,
  notificationsOf,
  otherAffected,
  perpetratorLinks,
  perpetratorRecord,
} from './export.repository.js';
import {
  GROUND_OF,
  type AccessExport,
  type DataRequest,
  type ExportItem,
  type ExportSection,
  type Omission,
  type OmissionKind,
} from './request.js';

/**
 * Compiles the answer to an access request (art. 15 GDPR) from what is held now. The rules of
 * what leaves, per subject:
 * - a person in the organisation gets their account, roles, sessions and tokens, the reports
 *   they made and the incidents they are the affected person of (in full: these are about
 *   them), their aftercare with its notes, police consents, the incidents they were given for
 *   their work (by number only), notifications, and what they did (counts per action).
 *   Left out: what the reports say about the perpetrator and the register records linked
 *   (others' data, criminal-law data), and the other affected persons;
 * - a perpetrator gets their register record, the incidents it is linked to (when, how, which
 *   level and behaviours — not the report's words), the measures against them with the facts
 *   they were told (written for the letter), letters sent, and disruptions logged. Left out: the victims'
 *   report text, who they are, their aftercare and evidence, the register's own notes,
 *   advice and deliberation on measures, consultations, the triangle and police reports.
 * Every omission is counted with its ground, for the review.
 */
export async function compileExport(tx: Tx, organisation: string, request: DataRequest, now: Date): Promise<AccessExport> {
  const omitted = new Map<OmissionKind, number>();
  const omit = (kind: OmissionKind, count: number) => {
    if (count > 0) omitted.set(kind, (omitted.get(kind) ?? 0) + count);
  };
  const sections =
    request.subjectKind === 'user'
      ? await personSections(tx, request.subjectUserId!, omit)
      : await perpetratorSections(tx, request.subjectPerpetratorId, omit);
  const omissions: Omission[] = [...omitted].map(([kind, count]) => ({ kind, ground: GROUND_OF[kind], count }));
  return {
    format: 'weerbaar.access-export.v1',
    organisation,
    request: { id: request.id, receivedOn: request.receivedOn },
    subject: { kind: request.subjectKind, name: request.subjectLabel },
    compiledAt: now.toISOString(),
    sections: sections.filter((s) => s.items.length > 0),
    omitted: omissions,
  };
}

type Omit = (kind: OmissionKind, count: number) => void;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const dayOf = (d: Date | null | undefined) => (d ? amsterdamDay(d).date : null);
const reference = (number: number | null) => incidentReferenceOrNull({ number });

async function personSections(tx: Tx, userId: string, omit: Omit): Promise<ExportSection[]> {
  const { user, roles, sessions, tokens } = await accountOf(tx, userId);
  const reported = await incidentsReportedBy(tx, userId);
  const affected = await incidentsAffecting(tx, userId);
  const ids = [...new Set([...reported, ...affected].map((i) => i.id))];
  const named = [...reported, ...affected].filter((i) => i.perpetratorName || i.perpetratorDetails).length;
  omit('perpetrator_details', named + (await perpetratorLinks(tx, ids)));
  omit('affected_persons', await otherAffected(tx, ids, userId));
  const counts = await attachedCounts(tx, ids);
  omit('consultations', counts.consultations);
  omit('triangle', counts.triangle);
  const { conversations, referrals, consents } = await aftercareAbout(tx, userId);
  const incident = (i: (typeof reported)[number]): ExportItem => ({
    reference: reference(i.number),
    status: i.status,
    occurredAt: iso(i.occurredAt),
    level: i.level,
    channel: i.channel,
    behaviours: i.behaviours,
    place: i.place,
    description: i.description,
    witnesses: i.witnesses,
    reportedAt: iso(i.reportedAt),
    closedAt: iso(i.closedAt),
  });
  return [
    {
      key: 'account',
      items: [
        {
          name: user.name,
          email: user.email,
          active: user.active,
          createdAt: iso(user.createdAt),
          deactivatedAt: iso(user.deactivatedAt),
          secondFactor: user.totpEnabledAt !== null,
          mailDigest: user.mailDigest,
          manager: user.manager,
        },
      ],
    },
    { key: 'roles', items: roles.map((role) => ({ role })) },
    {
      key: 'sessions',
      items: sessions.map((s) => ({
        startedAt: iso(s.createdAt),
        lastSeenAt: iso(s.lastSeenAt),
        endedAt: iso(s.expiresAt),
        browser: s.userAgent,
        address: s.originIp,
      })),
    },
    {
      key: 'api_tokens',
      items: tokens.map((t) => ({
        name: t.name,
        createdAt: iso(t.createdAt),
        expiresAt: iso(t.expiresAt),
        lastUsedAt: iso(t.lastUsedAt),
        revokedAt: iso(t.revokedAt),
      })),
    },
    { key: 'reports_made', items: reported.map(incident) },
    { key: 'incidents_affected', items: affected.map(incident) },
    {
      key: 'aftercare',
      items: [
        ...conversations.map((c) => ({
          incident: reference(c.number),
          conversation: c.conversation,
          state: c.state,
          offeredAt: iso(c.offeredAt),
          plannedAt: iso(c.plannedAt),
          heldAt: iso(c.heldAt),
          notes: c.notes,
        })),
        ...referrals.map((r) => ({ incident: reference(r.number), referredTo: r.contact, note: r.note, at: iso(r.createdAt) })),
      ],
    },
    {
      key: 'police_consent',
      items: consents.map((c) => ({
        incident: reference(c.number),
        given: c.given,
        how: c.how,
        at: iso(c.givenAt),
        shareBeyondHandlers: c.shareBeyondHandlers,
      })),
    },
    {
      key: 'incidents_informed',
      items: (await incidentsInformed(tx, userId)).map((a) => ({
        incident: reference(a.number),
        reason: a.reason,
        since: iso(a.grantedAt),
      })),
    },
    {
      key: 'notifications',
      items: (await notificationsOf(tx, userId)).map((n) => ({ kind: n.kind, at: iso(n.createdAt), readAt: iso(n.readAt) })),
    },
    {
      key: 'activity',
      items: (await activityOf(tx, userId)).map((a) => ({ action: a.action, count: a.count, first: iso(a.first), last: iso(a.last) })),
    },
  ];
}

async function perpetratorSections(tx: Tx, perpetratorId: string | null, omit: Omit): Promise<ExportSection[]> {
  const record = perpetratorId ? await perpetratorRecord(tx, perpetratorId) : undefined;
  if (!perpetratorId || !record) return [];
  if (record.notes) omit('register_notes', 1);
  const incidents = await incidentsOfPerpetrator(tx, perpetratorId);
  const ids = incidents.map((i) => i.id);
  omit('report_text', incidents.filter((i) => i.description || i.witnesses || i.perpetratorDetails || i.perpetratorName).length);
  omit('affected_persons', await otherAffected(tx, ids, null));
  const counts = await attachedCounts(tx, ids);
  omit('aftercare', counts.aftercare);
  omit('evidence', counts.evidence);
  omit('consultations', counts.consultations);
  omit('police_reports', counts.policeReports);
  omit('security_measures', counts.securityMeasures);
  omit('triangle', counts.triangle);
  const measures = await measuresAgainst(tx, perpetratorId);
  // The facts are written for the letter to them; the reasons, advice and decision notes are the weighing.
  omit(
    'measure_deliberation',
    measures.filter((m) => m.reasons).length + measures.filter((m) => m.advice).length + measures.filter((m) => m.decisionNote).length,
  );
  return [
    {
      key: 'perpetrator_record',
      items: [
        {
          kind: record.kind,
          name: record.name,
          aliases: record.aliases,
          dateOfBirth: record.dateOfBirth,
          address: record.address,
          emails: record.emails,
          phones: record.phones,
          socialAccounts: record.socialAccounts,
          registeredAt: iso(record.createdAt),
          updatedAt: iso(record.updatedAt),
        },
      ],
    },
    {
      key: 'incidents_linked',
      items: incidents.map((i) => ({
        reference: reference(i.number),
        occurredOn: dayOf(i.occurredAt),
        level: i.level,
        channel: i.channel,
        behaviours: i.behaviours,
        status: i.status,
      })),
    },
    {
      key: 'measures',
      items: measures.map((m) => ({
        incident: reference(m.number),
        kind: m.kind,
        state: m.state,
        facts: m.facts,
        startsOn: m.startsOn,
        endsOn: m.endsOn,
        hearing: m.hearing,
        hearingStatement: m.hearingStatement,
        decidedAt: iso(m.decidedAt),
      })),
    },
    {
      key: 'letters',
      items: (
        await lettersTo(
          tx,
          measures.map((m) => m.id),
        )
      ).map((l) => ({ kind: l.kind, format: l.format, at: iso(l.createdAt) })),
    },
    {
      key: 'disruptions',
      items: (await disruptionsBy(tx, perpetratorId)).map((d) => ({
        meeting: d.title,
        date: d.date,
        description: d.description,
        events: d.entries.map((e) => `${iso(e.at)} ${e.kind}`),
      })),
    },
  ];
}
