import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { canCase } from '../case/case.policy.js';
import type { Channel, Level, Status } from '../incident/norm.js';

/**
 * Search over the incidents the person may see (their access rows, as every list): by number
 * (M-00073 or 73), by words of the description, place and reported perpetrator (Dutch
 * full-text search), by parts of words and near-misses (trigram), and — for those who may
 * read the perpetrator register — by a linked perpetrator's name, alias, e-mail, phone or account.
 */

export interface SearchHit {
  id: string;
  number: number | null;
  occurredAt: Date;
  level: Level;
  channel: Channel;
  status: Status;
  place: string | null;
  /** Where the words were found, for the reader: number, text or perpetrator. */
  matched: 'number' | 'text' | 'perpetrator';
}

export const SEARCH_LIMIT = 50;

/** "M-00073", "m73", "73" → 73; anything else: no number. */
export function numberIn(query: string): number | undefined {
  const match = /^\s*(?:m\s*-?\s*)?0*(\d{1,9})\s*$/i.exec(query);
  return match ? Number(match[1]) : undefined;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchIncidents(tx: Tx, who: SignedIn, query: string): Promise<SearchHit[]> {
  const q = query.trim().slice(0, 200);
  if (q.length < 2 && numberIn(q) === undefined) return [];
  const number = numberIn(q) ?? null;
  const register = canCase(who.user.roles, 'perpetrator.read');
  const { rows } = await sql<SearchHit & { rank: number }>`
    WITH v AS (
      SELECT i.id, i.number, i.occurred_at, i.level, i.channel, i.status, i.place,
        to_tsvector('dutch', i.description || ' ' || coalesce(i.place, '') || ' ' || coalesce(i.perpetrator_name, '')) AS doc,
        i.description || ' ' || coalesce(i.place, '') || ' ' || coalesce(i.perpetrator_name, '') AS text
      FROM incident_access a
      JOIN incident i ON i.organisation_id = a.organisation_id AND i.id = a.incident_id
      WHERE a.user_id = ${who.user.id}::uuid AND a.organisation_id = app_current_organisation()
    ), q AS (SELECT websearch_to_tsquery('dutch', ${q}) AS tsq),
    found AS (
      SELECT v.*,
        CASE
          WHEN v.number = ${number}::int THEN 'number'
          WHEN v.doc @@ q.tsq OR v.text ILIKE ${likePattern(q)} OR word_similarity(${q}, v.text) >= 0.5 THEN 'text'
          WHEN ${register} AND EXISTS (
            SELECT 1 FROM incident_perpetrator ip JOIN perpetrator p ON p.organisation_id = ip.organisation_id AND p.id = ip.perpetrator_id
            WHERE ip.organisation_id = app_current_organisation() AND ip.incident_id = v.id
              AND (p.name ILIKE ${likePattern(q)} OR word_similarity(${q}, p.name) >= 0.5
                OR EXISTS (SELECT 1 FROM unnest(p.aliases) al WHERE al ILIKE ${likePattern(q)})
                OR lower(${q}) = ANY(SELECT lower(x) FROM unnest(p.emails || p.phones || p.social_accounts) x))
          ) THEN 'perpetrator'
        END AS matched,
        ts_rank(v.doc, q.tsq) + word_similarity(${q}, v.text) AS rank
      FROM v, q)
    SELECT id, number, occurred_at, level, channel, status, place, matched, rank FROM found
    WHERE matched IS NOT NULL
    ORDER BY matched = 'number' DESC, rank DESC, occurred_at DESC
    LIMIT ${SEARCH_LIMIT}`.execute(tx);
  // What was asked stays out of the trail (it may be a name); that a search was done, and by whom, is in it.
  await audit(
    tx,
    { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp },
    { action: 'incident.search.list', objectType: 'incident' },
  );
  return rows.map(({ rank: _rank, ...hit }) => hit);
}
