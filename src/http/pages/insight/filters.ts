import { z } from 'zod';
import type { InsightFilter } from '../../../domain/insight/insight.js';

/** The period and filters of the insight pages, as query parameters (dashboard and export alike). */
export const INSIGHT_FILTERS = ['from', 'to', 'level', 'channel', 'group'] as const;

/** The filters as typed in the address; checked by the insight filter schema, so a bad one gets a message. */
export const rawInsightFilters = z.object(
  Object.fromEntries(INSIGHT_FILTERS.map((f) => [f, z.string().optional()])) as Record<
    (typeof INSIGHT_FILTERS)[number],
    z.ZodOptional<z.ZodString>
  >,
);
export type RawInsightFilters = z.output<typeof rawInsightFilters>;

/** A checked filter as query parameters: the period always, the filters that are set. */
export function filterQuery(filter: InsightFilter): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of INSIGHT_FILTERS) {
    const value = filter[name];
    if (value) query.set(name, value);
  }
  return query;
}
