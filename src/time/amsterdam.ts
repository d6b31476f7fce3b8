import { TZDate } from '@date-fns/tz';
import { addDays as addCalendarDays, addYears as addCalendarYears, format } from 'date-fns';

/**
 * The one place that knows Europe/Amsterdam time. The domain works in instants (Date); people
 * read and type Amsterdam wall-clock time, and deadlines count Amsterdam days. Built on
 * @date-fns/tz, which follows the zone's daylight-saving rules from the platform.
 */
export const ZONE = 'Europe/Amsterdam';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

/** "2026-11-20" + "14:30" in Amsterdam → the instant, or undefined when either is not a real date or time. */
export function amsterdamInstant(date: string, time: string): Date | undefined {
  const d = DATE.exec(date);
  const t = TIME.exec(time);
  if (!d || !t) return undefined;
  const [year, month, day, hour, minute] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])];
  if (hour > 23 || minute > 59) return undefined;
  const local = new TZDate(year, month - 1, day, hour, minute, ZONE);
  // TZDate rolls 31 February over into March: such a date does not exist.
  if (local.getFullYear() !== year || local.getMonth() !== month - 1 || local.getDate() !== day) return undefined;
  return new Date(local.getTime());
}

/** An instant as Amsterdam date and time strings, for form fields. */
export function amsterdamParts(instant: Date): { date: string; time: string } {
  const local = new TZDate(instant.getTime(), ZONE);
  return { date: format(local, 'yyyy-MM-dd'), time: format(local, 'HH:mm') };
}

/** The Amsterdam calendar date (YYYY-MM-DD) and weekday (0 = Sunday) of an instant. */
export function amsterdamDay(instant: Date): { date: string; weekday: number } {
  const local = new TZDate(instant.getTime(), ZONE);
  return { date: format(local, 'yyyy-MM-dd'), weekday: local.getDay() };
}

/**
 * Adds calendar days keeping the Amsterdam wall-clock time (a day across a DST change is
 * 23 or 25 hours): "within 3 days" of 10:00 is 10:00 three days later.
 */
export function addAmsterdamDays(from: Date, days: number): Date {
  return new Date(addCalendarDays(new TZDate(from.getTime(), ZONE), days).getTime());
}

/** Today's date in Amsterdam, as people write it in forms. */
export function amsterdamToday(now = new Date()): string {
  return amsterdamDay(now).date;
}

/** Adds calendar years keeping the Amsterdam date and wall-clock time (29 February becomes 28 February). */
export function addAmsterdamYears(from: Date, years: number): Date {
  return new Date(addCalendarYears(new TZDate(from.getTime(), ZONE), years).getTime());
}
