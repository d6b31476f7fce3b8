import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isEmptyOrVisible } from '../../validation.js';
import { LETTER_KINDS, type LetterKind } from './measure.js';

export interface LetterTemplate {
  kind: LetterKind;
  subject: string;
  body: string;
  /** False while the organisation uses the default text. */
  customised: boolean;
}

/**
 * The default letters, kept as data in default-letters.json: each organisation edits its own
 * copy (subject and body with placeholders) on the settings page.
 */
export const DEFAULT_LETTERS: Record<LetterKind, { subject: string; body: string }> = JSON.parse(
  readFileSync(new URL('../../../src/domain/measure/default-letters.json', import.meta.url), 'utf8'),
) as Record<LetterKind, { subject: string; body: string }>;

/** The placeholders a template may use, filled from the measure, its incident and the organisation. */
export const PLACEHOLDERS = [
  'naam',
  'datum',
  'begindatum',
  'einddatum',
  'gemeente',
  'gemeentenaam',
  'adres',
  'feiten',
  'maatregel',
  'horen',
  'incidentdatum',
  'plaats',
  'kenmerk',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PATTERN = /\{([a-z_]+)\}/g;

function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PATTERN)].map((m) => m[1]!).filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
}

export const templateSchema = z.object({
  kind: z.enum(LETTER_KINDS, { error: 'error.letter_kind' }),
  subject: z
    .string()
    .trim()
    .min(1, 'error.subject_required')
    .max(300, 'error.text_too_long')
    .refine(isEmptyOrVisible, 'error.subject_required')
    .refine((v) => unknownPlaceholders(v).length === 0, 'error.placeholder_unknown'),
  body: z
    .string()
    .transform((v) => v.replace(/\r\n/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(1, 'error.body_required')
        .max(20_000, 'error.text_too_long')
        .refine(isEmptyOrVisible, 'error.body_required')
        .refine((v) => unknownPlaceholders(v).length === 0, 'error.placeholder_unknown'),
    ),
});

/** Replaces each known {placeholder}; text that merely looks like one is left as it is. */
export function fillTemplate(text: string, values: Record<Placeholder, string>): string {
  return text.replace(PATTERN, (whole, name: string) =>
    (PLACEHOLDERS as readonly string[]).includes(name) ? values[name as Placeholder] : whole,
  );
}

/** A body as paragraphs: blank lines separate them, single line breaks stay within one. */
export function paragraphs(body: string): string[][] {
  return body
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((line) => line.trimEnd()))
    .filter((lines) => lines.some((l) => l.trim() !== ''));
}

/** A calendar date (YYYY-MM-DD) or an instant, written out in Dutch: "20 november 2026". */
export function dutchDate(value: string | Date): string {
  const instant = typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value;
  return new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric' }).format(instant);
}
