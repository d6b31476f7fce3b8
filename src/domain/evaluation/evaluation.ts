import { z } from 'zod';
import { EARLIEST_DATE, isPlausibleDate, requiredText, text } from '../../validation.js';
import type { Count } from '../insight/insight.js';
import type { RiskLevel } from '../risk-assessment/risk-assessment.js';

/**
 * The yearly protocol evaluation (issue 13 §5, seed 001 §3.2 and §5.1: "incidents are used to
 * learn"): one record per calendar year gathering the year's figures, the casuistry session's
 * agreements, the risk assessments and how they went, and the changes to the protocol decided.
 * The protocol itself — its text and the norm — is kept as numbered versions: what changed,
 * when, decided by whom. The report form teaches the current version.
 */
export const FIRST_EVALUATION_YEAR = 2000;

const day = z.iso
  .date({ error: 'error.protocol_decided_on' })
  .refine((d) => d >= EARLIEST_DATE && isPlausibleDate(d), 'error.protocol_decided_on');

export const newProtocolVersionSchema = z.object({
  /** The norm in a few lines: what the report form shows. */
  summary: requiredText(2000, 'error.protocol_summary_required'),
  /** The whole protocol text. */
  body: requiredText(100_000, 'error.protocol_body_required'),
  changes: requiredText(5000, 'error.protocol_changes_required'),
  decidedOn: day,
  /** Who decided (e.g. "college van B&W", "gemeenteraad"). */
  decidedBy: requiredText(300, 'error.protocol_decided_by_required'),
});
export type NewProtocolVersion = z.output<typeof newProtocolVersionSchema>;

export const newEvaluationSchema = z.object({
  year: z
    .number({ error: 'error.evaluation_year' })
    .int('error.evaluation_year')
    .min(FIRST_EVALUATION_YEAR, 'error.evaluation_year')
    .max(2200, 'error.evaluation_year'),
});

export const evaluationTextsSchema = z.object({
  conclusions: text(10_000).optional(),
  decidedChanges: text(10_000).optional(),
});
export type EvaluationTexts = z.output<typeof evaluationTextsSchema>;

export const adoptionSchema = z.object({ decidedBy: requiredText(300, 'error.protocol_decided_by_required') });

export interface ProtocolVersion {
  id: string;
  version: number;
  summary: string;
  body: string;
  changes: string;
  decidedOn: string;
  decidedBy: string;
  recordedBy: { id: string; name: string };
  recordedAt: Date;
}

/** The year's figures as the evaluation keeps them: counts from insight, over the incidents the evaluator may see. */
export interface EvaluationFigures {
  total: number;
  previousTotal: number;
  byLevel: Count[];
  byChannel: Count[];
  online: number;
  repeatPerpetrators: number;
  policeReports: number;
  bansInForce: number;
}

export interface ProtocolEvaluation {
  id: string;
  year: number;
  conclusions: string | null;
  decidedChanges: string | null;
  decidedBy: string | null;
  /** Kept when the evaluation is adopted; until then counted live. */
  figures: EvaluationFigures | null;
  adoptedAt: Date | null;
  createdAt: Date;
}

export interface EvaluatedRisk {
  id: string;
  kind: 'group_meeting' | 'conversation';
  title: string;
  startsAt: Date;
  level: RiskLevel | null;
  evaluation: string | null;
}
