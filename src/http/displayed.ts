import type { Lang } from './i18n/index.js';

/**
 * Values as the pages show them, read back: what a person copies from a page or types the way
 * the page writes it is accepted ("€ 1.250,50", "1 december 2026"), and the pages write
 * amounts and calendar days in that one way. Form schemas call these before they check.
 */

const SPACES = /[\s\u00a0\u202f]/g;

/**
 * An amount in euro as people write it, in cents: "1.250,50", "€ 1.250,50", "1250,5",
 * "125.50", "€1,250.50" (as the English pages show it), "1.250,-". A separator followed by
 * one or two digits at the end is the decimal one; groups of three are thousands. Empty is
 * undefined; anything else (a negative amount, "1,2,3") is NaN, which the schema refuses.
 */
export function parseEuro(value: string): number | undefined {
  const v = value
    .replace(SPACES, '')
    .replace(/^€|^EUR|€$|EUR$/i, '')
    .replace(/[.,]-{1,2}$/, '');
  if (v === '') return undefined;
  const decimal = /^(.*?)(?:([.,])(\d{1,2}))?$/.exec(v);
  if (!decimal) return Number.NaN;
  const [, whole = '', separator, fraction = ''] = decimal;
  const grouped = /^\d{1,3}(?:([.,'])\d{3})?(?:\1\d{3})*$/.exec(whole);
  const plain = /^\d+$/.test(whole) || (whole === '' && separator !== undefined);
  if (!plain && (!grouped || grouped[1] === separator)) return Number.NaN;
  const cents = Number(whole.replace(/[.,']/g, '')) * 100 + Number(fraction.padEnd(2, '0') || '0');
  return Number.isSafeInteger(cents) ? cents : Number.NaN;
}

const euroFormats: Record<Lang, Intl.NumberFormat> = {
  nl: new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }),
};
const plainFormats: Record<Lang, Intl.NumberFormat> = {
  nl: new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};

/** Cents as the pages show an amount: "€ 1.250,50" (Dutch), "€1,250.50" (English). */
export function formatEuro(cents: number, lang: Lang): string {
  return euroFormats[lang].format(cents / 100);
}

/** Cents as a form field holds an amount: "1.250,50", which parseEuro reads back. */
export function euroFieldValue(cents: number, lang: Lang): string {
  return plainFormats[lang].format(cents / 100);
}

const MONTHS: Record<string, number> = {
  januari: 1, january: 1, jan: 1,
  februari: 2, february: 2, feb: 2,
  maart: 3, march: 3, mrt: 3, mar: 3,
  april: 4, apr: 4,
  mei: 5, may: 5,
  juni: 6, june: 6, jun: 6,
  juli: 7, july: 7, jul: 7,
  augustus: 8, august: 8, aug: 8,
  september: 9, sep: 9, sept: 9,
  oktober: 10, october: 10, okt: 10, oct: 10,
  november: 11, nov: 11,
  december: 12, dec: 12,
}; // prettier-ignore

function isoDay(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A calendar day as people write it, as YYYY-MM-DD: what a date field sends ("2026-12-01"),
 * what the pages show ("1 december 2026", "1 December 2026"), and the usual Dutch numeric
 * ways ("1-12-2026", "01/12/2026", "1.12.2026"). Undefined when it is not a day that exists.
 */
export function parseDay(value: string): string | undefined {
  const v = value.trim().toLowerCase().replace(SPACES, ' ');
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (iso) return isoDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const numeric = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(v);
  if (numeric) return isoDay(Number(numeric[3]), Number(numeric[2]), Number(numeric[1]));
  const written = /^(\d{1,2})\.? ([a-z]+)\.? (\d{4})$/.exec(v);
  if (written) {
    const month = MONTHS[written[2]!];
    return month ? isoDay(Number(written[3]), month, Number(written[1])) : undefined;
  }
  return undefined;
}

/** A form value that may be a displayed day: the day as YYYY-MM-DD, or the value as typed (the schema refuses it). */
export function dayField(value: unknown): unknown {
  return typeof value === 'string' && value.trim() !== '' ? (parseDay(value) ?? value.trim()) : value;
}

const dayFormats: Record<Lang, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }),
};

/** A calendar day (YYYY-MM-DD) as the pages show it: "1 december 2026" / "1 December 2026". */
export function formatDay(day: string, lang: Lang): string {
  const date = new Date(`${day}T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : dayFormats[lang].format(date);
}

/**
 * A web address as people paste it: "x.com/abc" or "www.example.nl/bericht" gets the
 * "https://" a browser would add; anything with a scheme, or that is no address, stays as typed.
 */
export function withScheme(value: string): string {
  const v = value.trim();
  if (v === '' || /^[a-z][a-z0-9+.-]*:/i.test(v)) return v;
  return /^[^\s/?#]+\.[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?$/i.test(v) ? `https://${v}` : v;
}
