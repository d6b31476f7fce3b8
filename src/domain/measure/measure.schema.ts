import { z } from 'zod';
import { amsterdamToday } from '../../time/amsterdam.js';
import { EARLIEST_DATE, requiredText, yearsAfter } from '../../validation.js';
import { HEARING_KINDS, LETTER_FORMATS, MEASURE_KINDS, PERIOD_KINDS } from './measure.js';

const text = (max: number) => z.string().trim().max(max, 'error.text_too_long');
const optionalText = (max: number) =>
  text(max)
    .optional()
    .nullable()
    .transform((v) => v || null);
const date = z.iso.date({ error: 'error.date_invalid' });
const optionalDate = z
  .union([date, z.literal('')])
  .optional()
  .nullable()
  .transform((v) => v || null);

/** A proposal: what, against whom, the adviser's advice and — always — the reasons. */
export const proposeSchema = z
  .object({
    kind: z.enum(MEASURE_KINDS, { error: 'error.measure_kind' }),
    perpetratorId: z
      .union([z.uuid({ error: 'error.measure_perpetrator_unknown' }), z.literal('')])
      .optional()
      .nullable()
      .transform((v) => v || null),
    details: optionalText(5000),
    /** What the perpetrator did, written for the letter (issue 11 §4); may follow later. */
    facts: optionalText(5000),
    advice: optionalText(5000),
    reasons: requiredText(5000, 'error.reasons_required'),
    startsOn: optionalDate,
    endsOn: optionalDate,
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'ban' && !v.startsOn) ctx.addIssue({ code: 'custom', path: ['startsOn'], message: 'error.ban_dates_required' });
    if (v.kind === 'ban' && !v.endsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'error.ban_dates_required' });
    if (v.startsOn && v.endsOn && v.endsOn < v.startsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'error.ends_before_start' });
    // A period from year 1 to 9999 is a typing error, not a ban: from 2000 up to five years ahead.
    const latest = yearsAfter(amsterdamToday(), 5);
    for (const field of ['startsOn', 'endsOn'] as const) {
      const day = v[field];
      if (day && (day < EARLIEST_DATE || day > latest))
        ctx.addIssue({ code: 'custom', path: [field], message: 'error.measure_date_window' });
    }
    if (!PERIOD_KINDS.includes(v.kind) && (v.startsOn || v.endsOn))
      ctx.addIssue({ code: 'custom', path: ['startsOn'], message: 'error.period_not_applicable' });
  });

/** Hoor en wederhoor: what the perpetrator said, or why hearing them was not possible. */
export const hearingSchema = z.object({
  hearing: z.enum(HEARING_KINDS, { error: 'error.hearing_kind' }),
  statement: requiredText(10_000, 'error.hearing_statement_required'),
});

/** The facts for the letter to the perpetrator: written for it, never taken from the report. */
export const factsSchema = z.object({ facts: requiredText(5000, 'error.facts_required') });

export const decideSchema = z.object({ note: optionalText(5000) });
export const rejectSchema = z.object({ note: requiredText(5000, 'error.reason_required') });
export const letterRequestSchema = z.object({ format: z.enum(LETTER_FORMATS, { error: 'error.letter_format' }) });
