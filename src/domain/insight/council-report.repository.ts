import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { InsightFilter } from './insight.js';
import { visible } from './insight.repository.js';

export const COUNCIL_SECTIONS = ['norm', 'incidents', 'handling', 'prevention', 'lessons'] as const;
export type CouncilSection = (typeof COUNCIL_SECTIONS)[number];

/** The organisation's threshold for small numbers (the caller's organisation, by row-level security). */
export async function findSuppressionThreshold(tx: Tx): Promise<number | undefined> {
  const row = await tx.selectFrom('organisation').select('suppressionThreshold').executeTakeFirst();
  return row?.suppressionThreshold;
}

/** The texts written for a year's report, by section. */
export async function findCouncilTexts(tx: Tx, year: number): Promise<Partial<Record<CouncilSection, string>>> {
  const rows = await tx.selectFrom('councilReportText').select(['section', 'body']).where('year', '=', year).execute();
  return Object.fromEntries(rows.map((r) => [r.section, r.body]));
}

/** Writes (or, when empty, removes, so the default applies again) one section's text for a year. */
export async function saveCouncilText(
  tx: Tx,
  values: { organisationId: string; year: number; section: CouncilSection; body: string; updatedBy: string },
): Promise<void> {
  if (values.body === '') {
    await tx.deleteFrom('councilReportText').where('year', '=', values.year).where('section', '=', values.section).execute();
    return;
  }
  await tx
    .insertInto('councilReportText')
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(['organisationId', 'year', 'section'])
        .doUpdateSet({ body: values.body, updatedBy: values.updatedBy, updatedAt: new Date() }),
    )
    .execute();
}

export interface AftercareCounts {
  /** Affected people (per incident) to whom a conversation was offered. */
  offered: number;
  /** Conversations held. */
  held: number;
}

/** Aftercare for the visible incidents of the period: offered to how many, how many conversations held. */
export async function aftercareCounts(tx: Tx, viewerId: string, filter: InsightFilter): Promise<AftercareCounts> {
  const result = await sql<AftercareCounts>`
    WITH v AS MATERIALIZED (${visible(viewerId, filter)})
    SELECT
      count(DISTINCT (c.incident_id, c.affected_user_id)) FILTER (WHERE c.state <> 'planned' OR c.offered_at IS NOT NULL)::int AS offered,
      count(*) FILTER (WHERE c.state = 'held')::int AS held
    FROM aftercare_conversation c JOIN v ON v.id = c.incident_id`.execute(tx);
  return result.rows[0] ?? { offered: 0, held: 0 };
}
