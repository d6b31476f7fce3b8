import { z } from 'zod';
import { requiredText } from '../../validation.js';
import type { PersonRef } from '../incident/incident.js';

/**
 * The consult path (PRODUCT.md §2): an office holder in doubt whether something crosses the
 * line asks the mayor and/or the clerk, who answer here; together they decide on a report.
 */
export const CONSULTED_ROLES = ['mayor', 'clerk'] as const;

export const askSchema = z.object({
  question: requiredText(10_000, 'error.question_required'),
  ask: z
    .array(z.enum(CONSULTED_ROLES, { error: 'error.consult_role' }))
    .min(1, 'error.consult_role')
    .transform((r) => [...new Set(r)]),
});
export type Ask = z.output<typeof askSchema>;
export const answerSchema = z.object({
  body: requiredText(10_000, 'error.answer_required'),
});
export type Answer = z.output<typeof answerSchema>;

export type ConsultationStatus = 'open' | 'answered' | 'converted' | 'closed';

export interface Consultation {
  id: string;
  question: string;
  status: ConsultationStatus;
  asker: PersonRef;
  incidentId: string | null;
  createdAt: Date;
  messages: { id: string; author: PersonRef; body: string; createdAt: Date }[];
}
