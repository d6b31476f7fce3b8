import { withOrganisation, type Db } from '../db/database.js';
import type { SignedIn } from '../domain/auth/session.js';
import { addOnlineMessage } from '../domain/incident/handle-incident.js';
import { newIncidentSchema, onlineMessageSchema, type NewIncidentInput } from '../domain/incident/incident.schema.js';
import { changeStatus, reportIncident } from '../domain/protocol/incident-reported.js';
import { amsterdamDay, amsterdamInstant, amsterdamParts } from '../time/amsterdam.js';
import { parse } from '../validation.js';
import { findOwnOrganisation } from '../domain/organisation/organisation.repository.js';
import { findUser } from '../domain/user/user.repository.js';
import type { Channel, Level } from '../domain/incident/norm.js';
import { between, mulberry32, OFFICE, pick, SCENARIOS, type Rng, type Scenario } from './demo-scenarios.js';

/**
 * Two years of invented incidents for the demo organisation, reported, routed and handled
 * through the same use cases as the pages and the API (so access, notifications, timeline
 * and audit trail are real), by the demo people themselves. Deterministic: a seeded PRNG,
 * with dates relative to the day it runs. Every name in here is invented.
 */

/** The demo people, by a short key (see demo.ts). */
export type DemoKey =
  | 'burgemeester'
  | 'wethouder'
  | 'raadslid'
  | 'fractielid'
  | 'griffier'
  | 'secretaris'
  | 'adviseur'
  | 'medewerker'
  | 'beheerder'
  | 'fg'
  | 'teamleider'
  | 'balie'
  | 'handhaver'
  | 'klantcontact';

/** Why a case was closed, fitting its level (the domain requires a reason). */
const CLOSE_REASONS: Record<Level, string[]> = {
  emotional: [
    'Gesprek gevoerd met de inwoner; uitleg gegeven over het besluit. Geen verdere actie nodig.',
    'Na hoor en wederhoor afgesloten: kritiek op beleid, geen normoverschrijding.',
    'Geregistreerd voor het overzicht; geen patroon zichtbaar.',
  ],
  verbal_aggression: [
    'Betrokkene mondeling aangesproken op zijn gedrag; hij heeft excuses aangeboden.',
    'Schriftelijke waarschuwing verstuurd; sindsdien geen herhaling.',
    'Berichten verwijderd na melding bij het platform; waarschuwing verstuurd aan de afzender.',
  ],
  threat: [
    'Aangifte gedaan met VPT-code; de politie heeft een stopgesprek gevoerd. Nazorg afgerond.',
    'Stopgesprek gevoerd namens de burgemeester en schriftelijke waarschuwing opgelegd.',
    'Aangifte gedaan; het OM heeft een strafbeschikking opgelegd. Betrokkene is geïnformeerd.',
  ],
  physical_violence: [
    'Aangifte gedaan (ELA, VPT-code). Gebouwverbod van drie maanden opgelegd door de burgemeester; schade verhaald op de dader.',
    'Aangifte gedaan; de verdachte is veroordeeld tot een taakstraf. Nazorg afgerond.',
    'Aangifte gedaan en schade vergoed door de dader. Nazorg afgerond, geen verdere maatregelen.',
  ],
};

const CHANNEL_HOURS: Record<Channel, [number, number]> = {
  face_to_face: OFFICE,
  phone: OFFICE,
  writing: [10, 12],
  email: [7, 23],
  social_media: [7, 24],
  meeting: [19.5, 23],
};

/** Who takes up a case for an affected person, along the default chain. */
const CHAIN_HANDLER: Partial<Record<DemoKey, DemoKey>> = {
  raadslid: 'griffier',
  fractielid: 'griffier',
  wethouder: 'burgemeester',
  burgemeester: 'secretaris',
  griffier: 'burgemeester',
  secretaris: 'burgemeester',
  balie: 'teamleider',
  handhaver: 'teamleider',
  klantcontact: 'teamleider',
  medewerker: 'teamleider',
  teamleider: 'secretaris',
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Local hour (fractional) and weekday in Amsterdam. */
function local(t: number): { hour: number; day: number } {
  const at = new Date(t);
  const [hour = 0, minute = 0] = amsterdamParts(at).time.split(':').map(Number);
  return { hour: hour + minute / 60, day: amsterdamDay(at).weekday };
}

/** The same moment moved `days` on, at a local hour. */
const atLocalHour = (t: number, days: number, hour: number) => t - local(t).hour * HOUR + days * DAY + hour * HOUR;

/** People report when they are awake: a night-time moment moves to the next morning. */
function awake(t: number, r: Rng): number {
  const { hour } = local(t);
  if (hour < 7) return atLocalHour(t, 0, between(r, 7, 9));
  if (hour >= 23) return atLocalHour(t, 1, between(r, 7, 9));
  return t;
}

/** Handlers act in office hours, Monday to Friday. */
function working(t: number, r: Rng): number {
  const { hour, day } = local(t);
  if (day !== 0 && day !== 6 && hour >= 8.5 && hour < 17) return t;
  let shift = hour >= 17 ? 1 : 0;
  while ((day + shift) % 7 === 0 || (day + shift) % 7 === 6) shift++;
  return atLocalHour(t, shift, between(r, 8.5, 16.5));
}

type Step =
  | { kind: 'report'; at: Date; incident: number }
  | { kind: 'message'; at: Date; incident: number; message: number }
  | { kind: 'start' | 'close'; at: Date; incident: number };

interface Planned {
  scenario: Scenario;
  text: string;
  occurredAt: Date;
  occurredUntil?: Date;
  reportedAt: Date;
  draft: boolean;
  reporter: DemoKey;
  handler: DemoKey;
  urls: string[];
  messages: { sentAt: Date; addedAt: Date; content: string; url?: string }[];
  startAt?: Date;
  closeAt?: Date;
  closeReason?: string;
}

const affectedOf = (s: Scenario): DemoKey[] => (Array.isArray(s.affected) ? s.affected : [s.affected]);

/** The incidents of the demo's two years, with every step planned in time. Pure: the same seed and day give the same plan. */
export function planDemoIncidents(now: Date, seed = 20_260_101): Planned[] {
  const r = mulberry32(seed);
  const items = SCENARIOS.flatMap((scenario) => scenario.texts.map((text) => ({ scenario, text })));
  const n = items.length;
  const latest = now.getTime() - 30 * 60_000;

  // Spread over the last 365 days (one slot per incident, jittered), then deal the slots out at random.
  const order = items.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const daysAgo = new Array<number>(n);
  order.forEach((item, slot) => (daysAgo[item] = Math.floor((slot + r()) * (365 / n))));
  // A recurring perpetrator escalates: keep each series in catalogue order, oldest first.
  const series = new Map<string, number[]>();
  items.forEach((item, i) => item.scenario.series && series.set(item.scenario.series, [...(series.get(item.scenario.series) ?? []), i]));
  for (const members of series.values()) {
    const sorted = members.map((i) => daysAgo[i]!).sort((a, b) => b - a);
    members.forEach((i, k) => (daysAgo[i] = sorted[k]!));
  }

  const planOne = ({ scenario, text }: (typeof items)[number], days: number): Planned => {
    const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - days * DAY;
    const [from, to] = scenario.hours ?? CHANNEL_HOURS[scenario.channel];
    const localHour = between(r, from, to);
    const localMidnight = amsterdamInstant(amsterdamDay(new Date(dayStart)).date, '00:00')!.getTime();
    let occurred = localMidnight + localHour * HOUR;
    while (occurred > latest - 2 * HOUR) occurred -= DAY;
    const occurredAt = new Date(Math.floor(occurred / 60_000) * 60_000);
    const delay = scenario.channel === 'email' || scenario.channel === 'writing' ? between(r, 1, 48) : between(r, 0.3, 8);
    // A period (stalking) is reported when it has gone on for a while.
    const occurredUntil = scenario.periodDays
      ? new Date(Math.min(occurredAt.getTime() + scenario.periodDays * DAY, latest - HOUR))
      : undefined;
    const reportedAt = new Date(Math.min(awake((occurredUntil ?? occurredAt).getTime() + delay * HOUR, r), latest));
    const affected = affectedOf(scenario);
    const reporter = scenario.by ?? affected[0]!;
    let handler = CHAIN_HANDLER[affected[0]!] ?? 'adviseur';
    if (handler === reporter || affected.includes(handler) || r() < 0.35) handler = 'adviseur';
    const urls = scenario.online?.url ? [scenario.online.url(r)] : [];
    return { scenario, text, occurredAt, occurredUntil, reportedAt, draft: false, reporter, handler, urls, messages: [] };
  };
  // The year before: about two thirds as many of the one-off scenarios (recurring perpetrators
  // belong to this year), so the figures have a rise to show against last year.
  const earlierItems = items.filter((item) => !item.scenario.series && r() < 0.7);
  const planned = [
    ...items.map((item, i) => planOne(item, daysAgo[i]!)),
    ...earlierItems.map((item, slot) => planOne(item, 365 + Math.floor((slot + r()) * (365 / earlierItems.length)))),
  ];

  // Follow-up messages of online incidents, then what the handlers did and when.
  for (const p of planned) {
    let at = (p.occurredUntil ?? p.occurredAt).getTime();
    for (const content of p.scenario.online?.followUps ?? []) {
      at += between(r, 0.5, 6) * DAY;
      const addedAt = awake(at + between(r, 1, 20) * HOUR, r);
      if (addedAt > latest || at < p.reportedAt.getTime()) continue;
      p.messages.push({ sentAt: new Date(at), addedAt: new Date(addedAt), content, url: p.scenario.online?.url?.(r) });
    }
    const age = (now.getTime() - p.reportedAt.getTime()) / DAY;
    const x = r();
    // Recent reports are waiting or being handled; most older ones are closed, some stay open.
    const early = p.scenario.level === 'emotional' || p.scenario.level === 'verbal_aggression' ? 'reported' : 'in_progress';
    const status =
      age < 7
        ? x < 0.6
          ? 'reported'
          : 'in_progress'
        : age < 60
          ? x < 0.2
            ? 'reported'
            : x < 0.65
              ? 'in_progress'
              : 'closed'
          : x < 0.08
            ? early
            : x < 0.22
              ? 'in_progress'
              : 'closed';
    if (status === 'reported') continue;
    // Emotional behaviour is often closed without being taken up first.
    const direct = status === 'closed' && p.scenario.level === 'emotional' && r() < 0.5;
    if (!direct) {
      const startAt = working(p.reportedAt.getTime() + between(r, 1, 30) * HOUR, r);
      if (startAt > latest) continue; // not taken up yet
      p.startAt = new Date(startAt);
    }
    if (status !== 'closed') continue;
    const afterLast = Math.max(p.startAt?.getTime() ?? p.reportedAt.getTime(), ...p.messages.map((m) => m.addedAt.getTime()));
    const closeAt = working(afterLast + between(r, 1, Math.max(2, Math.min(age * 0.6, 40))) * DAY, r);
    if (closeAt > latest) continue; // still being handled
    p.closeAt = new Date(closeAt);
    p.closeReason = pick(r, CLOSE_REASONS[p.scenario.level]);
  }

  // A few recent reports are still drafts: only their reporter sees them, nobody is informed yet.
  let drafts = 0;
  for (const p of [...planned].sort((a, b) => b.reportedAt.getTime() - a.reportedAt.getTime())) {
    if (drafts >= 5) break;
    if (p.scenario.by || now.getTime() - p.reportedAt.getTime() > 60 * DAY || r() < 0.4) continue;
    Object.assign(p, { draft: true, messages: [], startAt: undefined, closeAt: undefined, closeReason: undefined });
    drafts++;
  }
  return planned;
}

/** The steps of all incidents in the order they happened, so numbers and timelines follow time. */
function stepsOf(planned: Planned[]): Step[] {
  const steps: Step[] = [];
  planned.forEach((p, incident) => {
    steps.push({ kind: 'report', at: p.reportedAt, incident });
    p.messages.forEach((m, message) => steps.push({ kind: 'message', at: m.addedAt, incident, message }));
    if (p.startAt) steps.push({ kind: 'start', at: p.startAt, incident });
    if (p.closeAt) steps.push({ kind: 'close', at: p.closeAt, incident });
  });
  return steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.incident - b.incident);
}

function reportInput(p: Planned, ids: ReadonlyMap<DemoKey, string>): NewIncidentInput {
  const s = p.scenario;
  const affected = affectedOf(s).map((k) => ids.get(k)!);
  return {
    occurredAt: p.occurredAt.toISOString(),
    ...(p.occurredUntil ? { occurredUntil: p.occurredUntil.toISOString() } : {}),
    channel: s.channel,
    level: s.level,
    behaviours: s.behaviours,
    description: p.text,
    ...(s.place ? { place: s.place } : {}),
    targets: s.targets ?? ['self'],
    affectedUserIds: affected,
    ...(s.by ? { onBehalfOf: affected[0] } : {}),
    ...(s.perpetrator ? { perpetrator: s.perpetrator } : {}),
    ...(s.witnesses ? { witnesses: s.witnesses } : {}),
    ...(s.damage ? { damage: s.damage } : {}),
    ...(s.online
      ? {
          online: {
            platform: s.online.platform,
            account: s.online.account,
            urls: p.urls,
            normStated: s.online.normStated,
            platformNotified: s.online.platformNotified,
          },
        }
      : {}),
    ...(s.injury ? { injury: s.injury } : {}),
    draft: p.draft,
  };
}

/**
 * Adds the demo year to an organisation that has no incidents yet; returns how many were
 * added (0 when it already has incidents, so running the demo twice adds nothing).
 */
export async function fillDemoIncidents(
  db: Db,
  owner: Db,
  organisationId: string,
  people: ReadonlyMap<DemoKey, string>,
  now = new Date(),
): Promise<number> {
  const existing = await withOrganisation(db, organisationId, (tx) =>
    tx
      .selectFrom('incident')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  );
  if (Number(existing.n) > 0) return 0;

  const signedIn = new Map<DemoKey, SignedIn>();
  await withOrganisation(db, organisationId, async (tx) => {
    const organisation = (await findOwnOrganisation(tx))!;
    for (const [key, id] of people) {
      const user = await findUser(tx, id);
      if (user) signedIn.set(key, { user, organisation, stage: 'complete', originIp: null });
    }
  });
  const as = (key: DemoKey) => {
    const who = signedIn.get(key);
    if (!who) throw new Error(`demo person ${key} is missing`);
    return who;
  };

  const planned = planDemoIncidents(now);
  const ids: string[] = [];
  const messageIds: string[][] = planned.map(() => []);
  for (const step of stepsOf(planned)) {
    const p = planned[step.incident]!;
    if (step.kind === 'report') {
      const input = parse(newIncidentSchema, reportInput(p, people));
      ids[step.incident] = await withOrganisation(db, organisationId, (tx) => reportIncident(tx, as(p.reporter), input));
    } else if (step.kind === 'message') {
      const m = p.messages[step.message]!;
      const message = parse(onlineMessageSchema, {
        sentAt: m.sentAt.toISOString(),
        account: p.scenario.online?.account,
        url: m.url,
        content: m.content,
      });
      const id = await withOrganisation(db, organisationId, (tx) => addOnlineMessage(tx, as(p.reporter), ids[step.incident]!, message));
      messageIds[step.incident]!.push(id);
    } else {
      const move = step.kind === 'close' ? { transition: 'close' as const, reason: p.closeReason } : { transition: 'start' as const };
      await withOrganisation(db, organisationId, (tx) => changeStatus(tx, as(p.handler), ids[step.incident]!, move));
    }
  }
  await backdate(owner, organisationId, planned, ids, messageIds, now);
  return planned.length;
}

/**
 * The use cases stamp everything with the moment the demo runs. So that two years of history
 * reads like one, the incidents' own times (reported, taken up, closed, timeline, inbox) are
 * moved to the planned moments, as the owning role. The audit trail is left as it is: it
 * truthfully records when the demo was filled.
 */
async function backdate(owner: Db, organisationId: string, planned: Planned[], ids: string[], messageIds: string[][], now: Date) {
  await owner.transaction().execute(async (tx) => {
    for (const [i, p] of planned.entries()) {
      const id = ids[i]!;
      // The events each use case writes, in order: report (+ routing), messages, start, close.
      const times: Date[] = [p.reportedAt, ...(p.draft ? [] : [p.reportedAt])];
      const steps = [...p.messages.map((m) => m.addedAt), ...(p.startAt ? [p.startAt] : []), ...(p.closeAt ? [p.closeAt] : [])].sort(
        (a, b) => a.getTime() - b.getTime(),
      );
      times.push(...steps);
      const last = times.at(-1)!;
      const events = await tx
        .selectFrom('incidentEvent')
        .select('id')
        .where('organisationId', '=', organisationId)
        .where('incidentId', '=', id)
        .orderBy('id')
        .execute();
      for (const [k, event] of events.entries()) {
        await tx
          .updateTable('incidentEvent')
          .set({ at: times[k] ?? last })
          .where('organisationId', '=', organisationId)
          .where('id', '=', event.id)
          .execute();
      }
      await tx
        .updateTable('incident')
        .set({ createdAt: p.reportedAt, reportedAt: p.draft ? null : p.reportedAt, updatedAt: last, closedAt: p.closeAt ?? null })
        .where('organisationId', '=', organisationId)
        .where('id', '=', id)
        .execute();
      await tx
        .updateTable('incidentAccess')
        .set({ grantedAt: p.reportedAt })
        .where('organisationId', '=', organisationId)
        .where('incidentId', '=', id)
        .execute();
      await tx
        .updateTable('onlineMessage')
        .set({ addedAt: p.reportedAt })
        .where('organisationId', '=', organisationId)
        .where('incidentId', '=', id)
        .execute();
      for (const [k, messageId] of messageIds[i]!.entries()) {
        await tx
          .updateTable('onlineMessage')
          .set({ addedAt: p.messages[k]!.addedAt })
          .where('organisationId', '=', organisationId)
          .where('id', '=', messageId)
          .execute();
      }
      // Older notifications have been read; the last two weeks' are still waiting in the inbox.
      const readBefore = new Date(now.getTime() - 14 * DAY);
      await tx
        .updateTable('notification')
        .set({ createdAt: p.reportedAt, readAt: p.reportedAt < readBefore ? new Date(p.reportedAt.getTime() + 3 * HOUR) : null })
        .where('organisationId', '=', organisationId)
        .where('incidentId', '=', id)
        .execute();
    }
  });
}
