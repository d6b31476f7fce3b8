import Holidays from 'date-holidays';
import { addAmsterdamDays, amsterdamDay } from '../../time/amsterdam.js';

/**
 * Due times are computed in Europe/Amsterdam. "Working days" skip Saturdays, Sundays and the
 * days the Algemene termijnenwet recognises: the Dutch public holidays (from date-holidays)
 * plus Liberation Day (5 May), which that library files as a school holiday.
 */
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

export function isWorkingDay(instant: Date): boolean {
  const { date, weekday } = amsterdamDay(instant);
  return weekday !== 0 && weekday !== 6 && !holidaysOf(Number(date.slice(0, 4))).has(date);
}

export function addHours(from: Date, hours: number): Date {
  return new Date(from.getTime() + hours * 3_600_000);
}

/** Calendar days in Amsterdam wall-clock time (see time/amsterdam.ts). */
export const addDays = addAmsterdamDays;

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
