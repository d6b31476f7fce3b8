import { sql, type Kysely } from 'kysely';

/**
 * Two additions (issues 13 §1 and 11 §4):
 * - the organisation's own lines on the quick card ("Wat nu te doen": where the alarm buttons
 *   are, the security desk's number). The card is read without signing in, so there is no
 *   organisation in the session: a lookup by slug that answers those lines and nothing else
 *   (not even whether the organisation exists: an unknown slug gives no lines, as does an
 *   organisation that wrote none);
 * - the facts of a measure, written for the letter to the perpetrator: a letter never quotes
 *   the report (the victim's own words), so it takes its facts from here or is not made.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE organisation ADD COLUMN quick_card_lines text[] NOT NULL DEFAULT '{}';
    ALTER TABLE measure ADD COLUMN facts text;

    CREATE FUNCTION app_quick_card_lines(p_slug text) RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT coalesce((SELECT quick_card_lines FROM organisation WHERE slug = p_slug), '{}')
    $$;
    REVOKE ALL ON FUNCTION app_quick_card_lines FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_quick_card_lines TO weerbaar_app;
  `.execute(db);
}
