import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { InsightFilter } from '../insight/insight.js';

const org = sql`app_current_organisation()`;

/**
 * The aftercare of deleted incidents in a period (their kept figures), for a viewer who sees
 * every reported incident of the organisation; nothing for anyone else, whose counts cover only
 * what they may open (the same rule as the day summary, insight-summary.repository.ts).
 */
export async function retainedAftercare(
  tx: Tx,
  viewerId: string,
  filter: Pick<InsightFilter, 'from' | 'to'>,
): Promise<{ offered: number; held: number }> {
  const from = sql`(${filter.from}::date)::timestamp AT TIME ZONE 'Europe/Amsterdam'`;
  const to = sql`((${filter.to}::date) + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'`;
  const { rows } = await sql<{ offered: number; held: number }>`
    WITH cover AS (
      SELECT (SELECT count(*) FROM incident_access a WHERE a.organisation_id = ${org} AND a.user_id = ${viewerId}::uuid
                AND a.occurred_at >= ${from} AND a.occurred_at < ${to})
           - (SELECT count(*) FROM incident i JOIN incident_access a ON a.organisation_id = i.organisation_id AND a.incident_id = i.id
                AND a.user_id = ${viewerId}::uuid
              WHERE i.organisation_id = ${org} AND i.status = 'draft' AND i.occurred_at >= ${from} AND i.occurred_at < ${to})
           = (SELECT count(*) FROM incident i WHERE i.organisation_id = ${org} AND i.status <> 'draft'
                AND i.occurred_at >= ${from} AND i.occurred_at < ${to}) AS whole)
    SELECT coalesce(sum(r.count) FILTER (WHERE r.dimension = 'aftercare_offered'), 0)::int AS offered,
      coalesce(sum(r.count) FILTER (WHERE r.dimension = 'aftercare_held'), 0)::int AS held
    FROM retained_figure r
    WHERE (SELECT whole FROM cover) AND r.organisation_id = ${org}
      AND r.day BETWEEN ${filter.from}::date AND ${filter.to}::date
      AND r.dimension IN ('aftercare_offered', 'aftercare_held')`.execute(tx);
  return rows[0] ?? { offered: 0, held: 0 };
}
