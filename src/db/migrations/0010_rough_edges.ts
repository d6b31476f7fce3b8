import { sql, type Kysely } from 'kysely';

const OLD_ARBO =
  'Externe professional voor ondersteuning van het thuisfront, via de arbo-dienstverlener van de gemeente. Vul het nummer van uw eigen arbodienst in.';
const NEW_ARBO = 'Externe professional voor ondersteuning van het thuisfront, via de arbo-dienstverlener van de gemeente.';

/**
 * Rough edges of issue 10 §3 that needed a place to keep something:
 * - incident.police_motive: the "Waarom" of the police preparation (7 W's), written by a handler;
 * - aftercare_conversation.planned_at: the date and time a conversation is planned for;
 * - the arbodienst contact lost its instruction to the administrator ("Vul het nummer … in"),
 *   which the help page showed to everyone; copies still holding the default text lose it too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE incident ADD COLUMN police_motive text CHECK (length(police_motive) <= 5000);
    ALTER TABLE aftercare_conversation ADD COLUMN planned_at timestamptz;
  `.execute(db);
  await sql`UPDATE contact SET description = ${NEW_ARBO} WHERE description = ${OLD_ARBO}`.execute(db);
}
