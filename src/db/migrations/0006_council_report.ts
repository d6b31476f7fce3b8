import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from '../tenant.js';

/**
 * The yearly report to the council (seed 001 §5.4): the organisation's threshold for small
 * numbers, and the texts the clerk or secretary writes per year and section.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE organisation
      ADD COLUMN suppression_threshold integer NOT NULL DEFAULT 5 CHECK (suppression_threshold BETWEEN 3 AND 10);

    CREATE TABLE council_report_text (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      section text NOT NULL CHECK (section IN ('norm','incidents','handling','prevention','lessons')),
      body text NOT NULL CHECK (length(body) <= 20000),
      updated_by uuid NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, year, section)
    );
  `.execute(db);
  await isolateTenantTables(db, ['council_report_text']);
}
