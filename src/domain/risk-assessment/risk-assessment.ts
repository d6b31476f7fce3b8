import { z } from 'zod';
import { requiredText, text } from '../../validation.js';

/**
 * Risk assessment before a group meeting or a risky conversation (issue 13 §3, seed 001 §3.1):
 * "Bij het organiseren van groepsbijeenkomsten/informatie-avonden wordt vooraf een
 * risico-analyse gemaakt. Op basis van het resultaat hiervan wordt een passende locatie
 * gekozen, worden organisatorische maatregelen getroffen en wordt waar nodig beveiliging
 * ingezet" — with the clerk. A conversation known in advance to be risky gets a guard or an
 * intervention team on standby, or a second person, in a secured room with an alarm button.
 *
 * The precautions are called `precaution` in code so they are never mistaken for the
 * measures against a perpetrator (`measure`, GLOSSARY.md).
 */
export const ASSESSMENT_KINDS = ['group_meeting', 'conversation'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

/** How sensitive the topic is locally: an asylum seekers' shelter is the seeds' example of high. */
export const SENSITIVITIES = ['low', 'medium', 'high'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export const MEETING_ACCESS = ['public', 'invitation'] as const;
export type MeetingAccess = (typeof MEETING_ACCESS)[number];

export const RISK_LEVELS = ['low', 'elevated', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** What can be arranged for a group meeting (seed 001 §3.1 and the issue's list). */
export const MEETING_PRECAUTIONS = [
  'fitting_location',
  'security_staff',
  'second_person',
  'police_informed',
  'entrance_control',
  'exit_route',
] as const;
/** What can be arranged for a one-to-one conversation known to be risky. */
export const CONVERSATION_PRECAUTIONS = ['guard_standby', 'intervention_team', 'second_person', 'secured_room'] as const;
export const PRECAUTION_KINDS = [...new Set([...MEETING_PRECAUTIONS, ...CONVERSATION_PRECAUTIONS])] as [
  PrecautionKind,
  ...PrecautionKind[],
];
export type PrecautionKind = (typeof MEETING_PRECAUTIONS)[number] | (typeof CONVERSATION_PRECAUTIONS)[number];

export const PRECAUTION_DECISIONS = ['pending', 'taken', 'declined'] as const;
export type PrecautionDecision = (typeof PRECAUTION_DECISIONS)[number];

/** The states an assessment goes through: planned (analysis due), assessed, evaluated (after the meeting). */
export type AssessmentState = 'planned' | 'assessed' | 'evaluated';

/** The questionnaire for a group meeting. */
export interface Questionnaire {
  topic: string;
  sensitivity: Sensitivity;
  expectedAttendance: number;
  access: MeetingAccess;
  /** Earlier incidents on this topic or at such meetings. */
  earlierIncidents: boolean;
  /** Visitors expected who are in the perpetrator register (the count; who they are is for those who may read the register). */
  expectedPerpetrators: number;
  livestream: boolean;
  location: string;
  chair: string;
}

/** Why a level came out as it did, one line per fact that counted. */
export type RiskReason =
  | 'sensitive_topic'
  | 'very_sensitive_topic'
  | 'large_attendance'
  | 'very_large_attendance'
  | 'public_access'
  | 'earlier_incidents'
  | 'known_perpetrators'
  | 'livestream';

export interface RiskOutcome {
  level: RiskLevel;
  points: number;
  reasons: RiskReason[];
  suggested: PrecautionKind[];
}

/** From these points the level is elevated, and from HIGH_FROM high. */
export const ELEVATED_FROM = 3;
export const HIGH_FROM = 6;

/**
 * The level from the questionnaire: points for each fact that makes aggression likelier, and
 * the precautions that fit. Expected visitors from the register weigh most, with a very
 * sensitive topic: both are what turned information evenings on shelters grim (seed 003).
 */
export function assessRisk(q: Questionnaire): RiskOutcome {
  const counted: [RiskReason, number][] = [];
  if (q.sensitivity === 'high') counted.push(['very_sensitive_topic', 3]);
  else if (q.sensitivity === 'medium') counted.push(['sensitive_topic', 1]);
  if (q.expectedAttendance >= 100) counted.push(['very_large_attendance', 2]);
  else if (q.expectedAttendance >= 30) counted.push(['large_attendance', 1]);
  if (q.access === 'public') counted.push(['public_access', 1]);
  if (q.earlierIncidents) counted.push(['earlier_incidents', 2]);
  if (q.expectedPerpetrators > 0) counted.push(['known_perpetrators', 3]);
  if (q.livestream) counted.push(['livestream', 1]);
  const points = counted.reduce((sum, [, p]) => sum + p, 0);
  const level: RiskLevel = points >= HIGH_FROM ? 'high' : points >= ELEVATED_FROM ? 'elevated' : 'low';
  const known = q.expectedPerpetrators > 0;
  const suggested = MEETING_PRECAUTIONS.filter((p) => {
    switch (p) {
      case 'exit_route':
        return true;
      case 'fitting_location':
      case 'second_person':
        return level !== 'low';
      case 'security_staff':
      case 'police_informed':
        return level === 'high' || known;
      case 'entrance_control':
        return (level === 'high' && q.access === 'public') || known;
    }
  });
  return { level, points, reasons: counted.map(([r]) => r), suggested };
}

const EARLIEST = Date.parse('2000-01-01T00:00:00+01:00');
/** A planned moment: with its offset, not long past (an assessment may be recorded afterwards for a day). */
const plannedAt = z.iso
  .datetime({ offset: true, error: 'error.risk_starts_at_invalid' })
  .transform((v) => new Date(v))
  .refine((at) => at.getTime() >= EARLIEST, 'error.risk_starts_at_invalid');

export const newMeetingAssessmentSchema = z.object({
  kind: z.literal('group_meeting'),
  title: requiredText(300, 'error.risk_title_required'),
  startsAt: plannedAt,
  location: text(300).optional(),
  chair: text(200).optional(),
});
export const newConversationSchema = z.object({
  kind: z.literal('conversation'),
  title: requiredText(300, 'error.risk_title_required'),
  startsAt: plannedAt,
  location: text(300).optional(),
  /** Who holds the conversation (an office holder or employee of the organisation). */
  hostId: z.uuid({ error: 'error.risk_host_required' }),
  precautions: z.array(z.enum(CONVERSATION_PRECAUTIONS, { error: 'error.risk_precaution_kind' })).min(1, 'error.risk_precaution_required'),
});
export const newAssessmentSchema = z.discriminatedUnion('kind', [newMeetingAssessmentSchema, newConversationSchema], {
  error: 'error.risk_kind',
});
export type NewAssessment = z.output<typeof newAssessmentSchema>;

export const questionnaireSchema = z.object({
  topic: requiredText(500, 'error.risk_topic_required'),
  sensitivity: z.enum(SENSITIVITIES, { error: 'error.risk_sensitivity_required' }),
  expectedAttendance: z
    .number({ error: 'error.risk_attendance' })
    .int('error.risk_attendance')
    .min(0, 'error.risk_attendance')
    .max(100_000, 'error.risk_attendance'),
  access: z.enum(MEETING_ACCESS, { error: 'error.risk_access_required' }),
  earlierIncidents: z.boolean({ error: 'error.risk_earlier_required' }),
  /** Visitors expected from the perpetrator register; only those who may read the register can name them. */
  expectedPerpetratorIds: z
    .array(z.uuid({ error: 'error.perpetrator_unknown' }))
    .max(50)
    .default([]),
  livestream: z.boolean({ error: 'error.risk_livestream_required' }),
  location: requiredText(300, 'error.risk_location_required'),
  chair: requiredText(200, 'error.risk_chair_required'),
});
export type QuestionnaireInput = z.output<typeof questionnaireSchema>;

export const precautionDecisionSchema = z
  .object({
    decision: z.enum(['taken', 'declined'], { error: 'error.risk_decision_required' }),
    /** Who sees it through (required when taken). */
    ownerId: z.uuid({ error: 'error.risk_owner_required' }).optional(),
    note: text(2000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'taken' && !v.ownerId) ctx.addIssue({ code: 'custom', path: ['ownerId'], message: 'error.risk_owner_required' });
    if (v.decision === 'declined' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'error.risk_decline_reason' });
  });
export type PrecautionDecisionInput = z.output<typeof precautionDecisionSchema>;

export const addPrecautionSchema = z.object({ kind: z.enum(PRECAUTION_KINDS, { error: 'error.risk_precaution_kind' }) });

export const evaluationSchema = z.object({
  evaluation: requiredText(5000, 'error.risk_evaluation_required'),
  /** Incidents that happened at the meeting, by reference (M-00073) or id. */
  incidents: z.array(text(100)).max(50).default([]),
});
export type EvaluationInput = z.output<typeof evaluationSchema>;

export interface Precaution {
  id: string;
  kind: PrecautionKind;
  suggested: boolean;
  decision: PrecautionDecision;
  owner: { id: string; name: string } | null;
  note: string | null;
  decidedAt: Date | null;
  doneAt: Date | null;
}

export interface RiskAssessment {
  id: string;
  kind: AssessmentKind;
  title: string;
  startsAt: Date;
  location: string | null;
  chair: string | null;
  host: { id: string; name: string } | null;
  topic: string | null;
  sensitivity: Sensitivity | null;
  expectedAttendance: number | null;
  access: MeetingAccess | null;
  earlierIncidents: boolean | null;
  livestream: boolean | null;
  expectedPerpetratorIds: string[];
  level: RiskLevel | null;
  assessedAt: Date | null;
  evaluation: string | null;
  evaluatedAt: Date | null;
  createdBy: { id: string; name: string };
  createdAt: Date;
}

export function stateOf(a: Pick<RiskAssessment, 'level' | 'evaluatedAt'>): AssessmentState {
  if (a.evaluatedAt) return 'evaluated';
  return a.level ? 'assessed' : 'planned';
}

/** The questionnaire's answers as the scoring reads them (once assessed). */
export function questionnaireOf(a: RiskAssessment): Questionnaire | undefined {
  if (!a.topic || !a.sensitivity || a.expectedAttendance === null || !a.access || a.earlierIncidents === null || a.livestream === null)
    return undefined;
  return {
    topic: a.topic,
    sensitivity: a.sensitivity,
    expectedAttendance: a.expectedAttendance,
    access: a.access,
    earlierIncidents: a.earlierIncidents,
    expectedPerpetrators: a.expectedPerpetratorIds.length,
    livestream: a.livestream,
    location: a.location ?? '',
    chair: a.chair ?? '',
  };
}

/** The roles that run risk assessments with the adviser: the clerk (seed 001 §3.1), the secretary and the mayor. */
export const RISK_ROLES = ['security_adviser', 'clerk', 'municipal_secretary', 'mayor'] as const;

/** The analysis is due a week before the meeting; never sooner than a day after it is planned, never after the meeting. */
export function assessmentDue(plannedAt: Date, startsAt: Date): Date {
  const weekBefore = startsAt.getTime() - 7 * 24 * 3_600_000;
  const dayAfterPlanning = plannedAt.getTime() + 24 * 3_600_000;
  return new Date(Math.min(startsAt.getTime(), Math.max(weekBefore, dayAfterPlanning)));
}
