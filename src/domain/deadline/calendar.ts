import Holidays from 'date-holidays';

/**
 * Due times are computed in Europe/Amsterdam. "Working days" skip Saturdays, Sundays and the
 * days the Algemene termijnenwet recognises: the Dutch public holidays (from date-holidays)
 * plus Liberation Day (5 May), which that library files as a school holiday.
 */
const ZONE = 'Europe/Amsterdam';
const holidays = new Holidays('NL');
const cache = new Map<number, Set<string>>();

function holidaysOf(year: number): Set<string> {
  let set = cache.get(year);
  if (!set) {
    set = new Set(
      holidays
        .getHolidays(year)
        .filter((h) => h.type === 'public' || h.date.slice(5, 10) === '05-05')
        .map((h) => h.date.slice(0, 10)),
    );
    cache.set(year, set);
  }
  return set;
}

/** The Amsterdam calendar date (YYYY-MM-DD) and weekday (0 = Sunday) of an instant. */
export function amsterdamDay(instant: Date): { date: string; weekday: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday ?? '');
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday };
}

export function isWorkingDay(instant: Date): boolean {
  const { date, weekday } = amsterdamDay(instant);
  return weekday !== 0 && weekday !== 6 && !holidaysOf(Number(date.slice(0, 4))).has(date);
}

export function addHours(from: Date, hours: number): Date {
  return new Date(from.getTime() + hours * 3_600_000);
}

/**
 * Adds calendar days keeping the Amsterdam wall-clock time (a day across a DST change is
 * 23 or 25 hours): "within 3 days" of 10:00 is 10:00 three days later.
 */
export function addDays(from: Date, days: number): Date {
  const naive = new Date(from.getTime() + days * 86_400_000);
  const shift = offsetMinutes(from) - offsetMinutes(naive);
  return new Date(naive.getTime() + shift * 60_000);
}

/**
 * Adds working days: the moment falls on the same wall-clock time, `days` working days later.
 * Reported on Friday afternoon, "2 working days" ends Tuesday afternoon; over Easter later.
 */
export function addWorkingDays(from: Date, days: number): Date {
  let result = from;
  let left = days;
  while (left > 0) {
    result = addDays(result, 1);
    if (isWorkingDay(result)) left--;
  }
  return result;
}

function offsetMinutes(instant: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, timeZoneName: 'longOffset' }).formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}
