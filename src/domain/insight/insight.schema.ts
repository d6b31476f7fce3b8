import { z } from 'zod';
import { CHANNELS, LEVELS } from '../incident/norm.js';
import { amsterdamToday } from '../../time/amsterdam.js';
import { DIMENSIONS, GROUPS, type InsightFilter } from './insight.js';

/** At most ten years at once: figures are about periods people compare, not all time. */
const MAX_DAYS = 3660;

const day = z.iso.date({ error: 'error.date_invalid' });
const dayCount = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

const blankIsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** The dashboard's filters as query fields: a period of whole days, level, channel, group affected. */
const filterFields = {
  from: blankIsAbsent(day),
  to: blankIsAbsent(day),
  level: blankIsAbsent(z.enum(LEVELS, { error: 'error.invalid' })),
  channel: blankIsAbsent(z.enum(CHANNELS, { error: 'error.invalid' })),
  group: blankIsAbsent(z.enum(GROUPS, { error: 'error.invalid' })),
};

/** Without dates: this calendar year in Amsterdam. A period runs forwards and spans ten years at most. */
function withPeriod<T extends { from?: string | undefined; to?: string | undefined }>(query: T): T & { from: string; to: string } {
  const year = amsterdamToday().slice(0, 4);
  return { ...query, from: query.from ?? `${year}-01-01`, to: query.to ?? `${year}-12-31` };
}

function checkPeriod(ctx: { value: { from: string; to: string }; issues: unknown[] }) {
  const { from, to } = ctx.value;
  if (from > to) ctx.issues.push({ code: 'custom', message: 'error.period_reversed', path: ['to'], input: ctx.value });
  else if (dayCount(from, to) > MAX_DAYS)
    ctx.issues.push({ code: 'custom', message: 'error.period_too_long', path: ['to'], input: ctx.value });
}

/** A period and filters, as a query (API and page alike). Empty strings (a form left blank) count as absent. */
export const insightFilterSchema = z
  .object(filterFields)
  .transform((q): InsightFilter => withPeriod(q))
  .check(checkPeriod);

/** The statistics API: one breakdown (`by`) of the filtered period. */
export const statisticsQuerySchema = z
  .object({ ...filterFields, by: z.enum(DIMENSIONS, { error: 'error.invalid' }) })
  .transform((q) => withPeriod(q))
  .check(checkPeriod);

export const countSchema = z.object({ key: z.string(), count: z.number().int() });
export const statisticsSchema = z.object({ data: z.array(countSchema), total: z.number().int() });
