import { z } from 'zod';
import type { PersonRef } from '../incident/incident.js';

/**
 * The consult path (PRODUCT.md §2): an office holder in doubt whether something crosses the
 * line asks the mayor and/or the clerk, who answer here; together they decide on a report.
 */
export const CONSULTED_ROLES = ['mayor', 'clerk'] as const;

export const askSchema = z.object({
  question: z.string().trim().min(1, 'error.question_required').max(10_000, 'error.text_too_long'),
  ask: z
    .array(z.enum(CONSULTED_ROLES, { error: 'error.consult_role' }))
    .min(1, 'error.consult_role')
    .transform((r) => [...new Set(r)]),
});
export type Ask = z.output<typeof askSchema>;
export const answerSchema = z.object({
  body: z.string().trim().min(1, 'error.answer_required').max(10_000, 'error.text_too_long'),
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
