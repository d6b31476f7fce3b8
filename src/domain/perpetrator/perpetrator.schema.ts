import { z } from 'zod';
import { requiredText } from '../../validation.js';
import { PERPETRATOR_KINDS } from '../incident/norm.js';
import { isEmail, normalizeAccount, normalizeEmail, normalizePhone } from './identifiers.js';

const MAX_VALUES = 50;
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'error.text_too_long')
    .nullish()
    .transform((v) => (v ? v : null));

/** A list of values; empty entries (a blank line in a form) are dropped, repeats too (case aside). */
function values(item: z.ZodType<string, string>, normalize: (v: string) => string = (v) => v) {
  return z
    .array(item, { error: 'error.invalid' })
    .max(MAX_VALUES, 'error.perpetrator_too_many_values')
    .default([])
    .transform((list) => {
      const kept = new Map<string, string>();
      for (const v of list
        .map((x) => x.trim())
        .filter((x) => x !== '')
        .map(normalize))
        if (!kept.has(v.toLowerCase())) kept.set(v.toLowerCase(), v);
      return [...kept.values()];
    });
}

const today = () => new Date().toISOString().slice(0, 10);

const fields = z.object({
  kind: z.enum(PERPETRATOR_KINDS, { error: 'error.perpetrator_kind' }),
  name: requiredText(300, 'error.perpetrator_name_required'),
  aliases: values(z.string({ error: 'error.invalid' }).max(300, 'error.text_too_long')),
  dateOfBirth: z.iso
    .date({ error: 'error.perpetrator_birth_date' })
    .refine((d) => d >= '1900-01-01' && d <= today(), 'error.perpetrator_birth_date')
    .nullish()
    .transform((v) => v ?? null),
  address: optionalText(1000),
  emails: values(
    z
      .string({ error: 'error.perpetrator_email' })
      .max(320, 'error.perpetrator_email')
      .refine((v) => v.trim() === '' || isEmail(v), 'error.perpetrator_email'),
    normalizeEmail,
  ),
  phones: values(
    z
      .string({ error: 'error.perpetrator_phone' })
      .max(40, 'error.perpetrator_phone')
      .refine((v) => v.trim() === '' || normalizePhone(v) !== undefined, 'error.perpetrator_phone'),
    (v) => normalizePhone(v) ?? v,
  ),
  socialAccounts: values(z.string({ error: 'error.invalid' }).max(300, 'error.text_too_long'), normalizeAccount),
  notes: optionalText(10_000),
});

/** The name itself is not also an alias. */
const withoutNameAlias = <T extends { name: string; aliases: string[] }>(p: T): T => ({
  ...p,
  aliases: p.aliases.filter((a) => a.toLowerCase() !== p.name.toLowerCase()),
});

/** A perpetrator's record (API and form alike); PUT replaces every field. */
export const perpetratorSchema = fields.transform(withoutNameAlias);

export type PerpetratorData = z.output<typeof perpetratorSchema>;

/** A new record, optionally linked at once to the incident it was registered from. */
export const newPerpetratorSchema = fields
  .extend({
    incidentId: z.uuid({ error: 'error.perpetrator_incident_unknown' }).optional().describe('Link the new record to this incident at once'),
  })
  .transform(withoutNameAlias);

export type NewPerpetratorData = z.output<typeof newPerpetratorSchema>;

export const perpetratorFilterSchema = z.object({
  q: z
    .string()
    .trim()
    .max(300, 'error.text_too_long')
    .optional()
    .transform((v) => v || undefined),
  kind: z.enum(PERPETRATOR_KINDS, { error: 'error.perpetrator_kind' }).optional(),
  /** Opaque cursor from the previous page (only without q: a search answers its best matches). */
  after: z.string().max(400).optional(),
  limit: z.coerce.number({ error: 'error.number' }).int('error.number').min(1, 'error.number').max(200, 'error.number').default(50),
});

export const linkSchema = z.object({ perpetratorId: z.uuid({ error: 'error.perpetrator_unknown' }) });

export const mergeSchema = z.object({
  duplicateId: z.uuid({ error: 'error.perpetrator_unknown' }).describe('The record merged into this one; it is kept, marked merged_into'),
});
