/**
 * Every kind of event an incident's timeline can hold, written by the use cases with addEvent.
 * One list, so the timeline has a text for each (a test renders them all in both languages).
 */
export const EVENT_KINDS = [
  'draft_saved',
  'reported',
  'routed',
  'status_changed',
  'online_message_added',
  'evidence_added',
  'access_granted',
  'police_consent',
  'police_report_filed',
  'prosecution_updated',
  'perpetrator_linked',
  'perpetrator_unlinked',
  'perpetrator_merged',
  'measure_proposed',
  'measure_hearing',
  'measure_facts',
  'measure_decided',
  'measure_rejected',
  'measure_carried_out',
  'measure_ended',
  'letter_created',
  'injury_updated',
  'escalation_done',
  'triangle_marked',
  'disruption_logged',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
