import { sql, type Kysely } from 'kysely';

/**
 * One search box over the incidents a person may see (issue 10 §1): PostgreSQL's full-text
 * search with the Dutch configuration (stems: "bedreigingen" finds "bedreiging") and trigram
 * matching for parts of words, names and typing errors. pg_trgm is there since 0005.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX incident_text_search ON incident
      USING gin (to_tsvector('dutch', description || ' ' || coalesce(place, '') || ' ' || coalesce(perpetrator_name, '')));
    CREATE INDEX incident_description_trgm ON incident USING gin (description gin_trgm_ops);
  `.execute(db);
}
