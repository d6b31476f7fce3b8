import { z } from 'zod';
import { EARLIEST_DATE, isPlausibleDate, requiredText, text } from '../../validation.js';

/**
 * Requests from the people in it (issue 11 §2, GDPR art. 15–17): a person in the organisation,
 * or a perpetrator in the register, asks for access to, rectification of, or erasure of what
 * Weerbaar holds about them. Each is a deadline of the organisation of one month (art. 12(3)).
 */
export const REQUEST_KINDS = ['access', 'rectification', 'erasure'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const SUBJECT_KINDS = ['user', 'perpetrator'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const DECISIONS = ['granted', 'refused'] as const;
export type RequestDecision = (typeof DECISIONS)[number];

/** An access export's state: compiled (a draft), then reviewed by someone else and released. */
export const EXPORT_STATES = ['draft', 'released'] as const;
export type ExportState = (typeof EXPORT_STATES)[number];

/**
 * What an access export leaves out, by kind. For a perpetrator: the victims' private details,
 * aftercare notes and the organisation's internal deliberations; for a person in the
 * organisation: what the register and the reports say about others.
 */
export const OMISSION_KINDS = [
  'report_text',
  'affected_persons',
  'aftercare',
  'evidence',
  'register_notes',
  'measure_deliberation',
  'consultations',
  'police_reports',
  'security_measures',
  'triangle',
  'perpetrator_details',
] as const;
export type OmissionKind = (typeof OMISSION_KINDS)[number];

/** The grounds on which something is left out (their texts, with the article, are in requests.ground.*). */
export const OMISSION_GROUNDS = ['rights_of_others', 'internal_deliberation', 'criminal_investigation'] as const;
export type OmissionGround = (typeof OMISSION_GROUNDS)[number];

/** Each kind of omission has one ground, fixed here so every export says the same. */
export const GROUND_OF: Record<OmissionKind, OmissionGround> = {
  // The victim's own words, who they are and their care: art. 15(4) GDPR, art. 41(1)(i) UAVG.
  report_text: 'rights_of_others',
  affected_persons: 'rights_of_others',
  aftercare: 'rights_of_others',
  evidence: 'rights_of_others',
  security_measures: 'rights_of_others',
  perpetrator_details: 'rights_of_others',
  // The organisation's own weighing, advice and consultation: art. 41(1)(i) UAVG.
  register_notes: 'internal_deliberation',
  measure_deliberation: 'internal_deliberation',
  consultations: 'internal_deliberation',
  triangle: 'internal_deliberation',
  // A criminal report and its course: art. 41(1)(d) UAVG.
  police_reports: 'criminal_investigation',
};

export interface Omission {
  kind: OmissionKind;
  ground: OmissionGround;
  /** How many items (records, texts) were left out. */
  count: number;
}

/** A value in an export: plain data only, so the JSON is readable by any program. */
export type ExportValue = string | number | boolean | null | string[];
export type ExportItem = Record<string, ExportValue>;

/** The sections of an export, in the order they are shown. */
export const SECTION_KEYS = [
  'perpetrator_record',
  'account',
  'roles',
  'sessions',
  'api_tokens',
  'reports_made',
  'incidents_affected',
  'incidents_linked',
  'aftercare',
  'police_consent',
  'incidents_informed',
  'measures',
  'letters',
  'disruptions',
  'notifications',
  'activity',
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export interface ExportSection {
  key: SectionKey;
  items: ExportItem[];
}

/** The machine-readable answer to an access request (art. 15(3) GDPR: "in a commonly used electronic form"). */
export interface AccessExport {
  format: 'weerbaar.access-export.v1';
  organisation: string;
  request: { id: string; receivedOn: string };
  subject: { kind: SubjectKind; name: string };
  compiledAt: string;
  sections: ExportSection[];
  omitted: Omission[];
}

const day = z.iso
  .date({ error: 'error.request_received_invalid' })
  .refine((d) => d >= EARLIEST_DATE && isPlausibleDate(d), 'error.request_received_invalid');

export const newRequestSchema = z
  .object({
    kind: z.enum(REQUEST_KINDS, { error: 'error.request_kind' }),
    subjectKind: z.enum(SUBJECT_KINDS, { error: 'error.request_subject_unknown' }),
    subjectId: z.uuid({ error: 'error.request_subject_unknown' }),
    receivedOn: day,
    description: text(2000)
      .optional()
      .transform((v) => (v ? v : undefined)),
  })
  .refine((v) => v.receivedOn <= tomorrow(), {
    path: ['receivedOn'],
    message: 'error.request_received_invalid',
  });
export type NewRequest = z.output<typeof newRequestSchema>;

/** Tomorrow in UTC: a request received today in Amsterdam is never refused for the time zone. */
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

export const decisionSchema = z.object({
  decision: z.enum(DECISIONS, { error: 'error.request_decision' }),
  reason: requiredText(2000, 'error.request_reason_required'),
  /** For a granted erasure about a person in the organisation: which of their incidents go. */
  incidentIds: z
    .array(z.uuid({ error: 'error.request_incident_unknown' }))
    .max(200)
    .optional(),
  /** For a granted erasure about a person in the organisation: clear the notes of their aftercare. */
  aftercareNotes: z.boolean().optional(),
});
export type DecisionInput = z.output<typeof decisionSchema>;

export const releaseSchema = z.object({
  note: text(2000)
    .optional()
    .transform((v) => (v ? v : undefined)),
});
export type ReleaseInput = z.output<typeof releaseSchema>;

export interface DataRequest {
  id: string;
  kind: RequestKind;
  subjectKind: SubjectKind;
  subjectUserId: string | null;
  subjectPerpetratorId: string | null;
  subjectLabel: string;
  receivedOn: string;
  description: string | null;
  recordedBy: { id: string; name: string };
  createdAt: Date;
  decision: RequestDecision | null;
  decisionReason: string | null;
  decidedBy: { id: string; name: string } | null;
  decidedAt: Date | null;
  erased: Record<string, number> | null;
  /** The access export's state, if one was compiled. */
  exportState: ExportState | null;
  /** The deadline: one month after receipt. */
  dueAt: Date | null;
}

export interface RequestExport {
  content: AccessExport;
  omissions: Omission[];
  state: ExportState;
  compiledBy: { id: string; name: string };
  compiledAt: Date;
  reviewedBy: { id: string; name: string } | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
}
