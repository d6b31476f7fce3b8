import { sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../../db/database.js';
import { requireRole } from '../access/access.js';
import { audit, type Actor } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { peoplePolicy } from '../user/user.policy.js';

/**
 * The quick card, "Wat nu te doen" (issue 13 §1, seed 001 §4): what to do while an incident is
 * going on. The steps are the protocol's and the same everywhere; the organisation adds a few
 * lines of its own (where the alarm buttons are, the security desk's number). The card holds
 * no personal data and is read without signing in, so the lines are all that is ever shown of
 * an organisation there.
 */

/** Where the card lives; the service worker's scope is this path, so it covers the card and nothing else. */
export const QUICK_CARD_PATH = '/quick-card';

/** The card's address for an organisation: the slug travels in the link, since a signed-out phone has no session. */
export function quickCardHref(slug: string | undefined): string {
  return slug ? `${QUICK_CARD_PATH}?org=${encodeURIComponent(slug)}` : QUICK_CARD_PATH;
}

export const QUICK_CARD_MAX_LINES = 10;
export const QUICK_CARD_MAX_LINE_LENGTH = 200;

/** The lines as an administrator types them: one per line in a text area, blank lines dropped. */
export const quickCardLinesSchema = z
  .string()
  .max(QUICK_CARD_MAX_LINES * (QUICK_CARD_MAX_LINE_LENGTH + 2), 'error.quick_card_line_too_long')
  .transform((text) =>
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== ''),
  )
  .pipe(
    z
      .array(z.string().max(QUICK_CARD_MAX_LINE_LENGTH, 'error.quick_card_line_too_long'))
      .max(QUICK_CARD_MAX_LINES, 'error.quick_card_too_many_lines'),
  );

/** A piece of a line: plain text, or a telephone number that dials at a tap. */
export type LinePart = { text: string } | { text: string; tel: string };

// A Dutch or international number as people write it: 020-123 45 67, (020) 1234567, +31 20 123 4567,
// 0800-1234; the emergency number 112 on its own. Room numbers and short extensions stay text.
const NUMBER = /(\+\d[\d ()-]{7,}\d|\(?0\d[\d ()-]{6,}\d|\b112\b)/g;

/** Splits a line into text and telephone numbers, so each number can be a `tel:` link. */
export function dialableParts(line: string): LinePart[] {
  const parts: LinePart[] = [];
  let last = 0;
  for (const match of line.matchAll(NUMBER)) {
    const written = match[0];
    const digits = written.replace(/[^\d+]/g, '');
    // Ten digits for a Dutch number, eight for an 0800 one, or the 112 itself.
    if (digits !== '112' && digits.replace('+', '').length < 8) continue;
    if (match.index > last) parts.push({ text: line.slice(last, match.index) });
    parts.push({ text: written, tel: digits });
    last = match.index + written.length;
  }
  if (last < line.length) parts.push({ text: line.slice(last) });
  return parts;
}

/** The lines of the organisation with this slug; none for an unknown slug (the card does not tell them apart). */
export async function quickCardLinesBySlug(tx: Tx, slug: string): Promise<string[]> {
  const { rows } = await sql<{ lines: string[] | null }>`SELECT app_quick_card_lines(${slug}) AS lines`.execute(tx);
  return rows[0]?.lines ?? [];
}

/** Lines for an organisation that has none yet (the demo); an administrator's own lines stay. */
export async function seedQuickCardLines(tx: Tx, lines: readonly string[]): Promise<void> {
  await tx
    .updateTable('organisation')
    .set({ quickCardLines: [...lines] })
    .where(sql<boolean>`cardinality(quick_card_lines) = 0`)
    .execute();
}

/** The administrator's settings: the organisation's own lines. */
export async function quickCardSettings(tx: Tx, who: SignedIn): Promise<string[]> {
  requireRole(peoplePolicy, who, 'organisation.settings');
  const row = await tx.selectFrom('organisation').select('quickCardLines').executeTakeFirst();
  return row?.quickCardLines ?? [];
}

/** Saves the organisation's own lines (the caller's organisation, by row-level security); audited. */
export async function changeQuickCardLines(
  tx: Tx,
  who: SignedIn,
  actor: Actor & { organisationId: string },
  lines: readonly string[],
): Promise<void> {
  requireRole(peoplePolicy, who, 'organisation.settings');
  await tx
    .updateTable('organisation')
    .set({ quickCardLines: [...lines] })
    .execute();
  await audit(tx, actor, { action: 'quick_card.settings', objectType: 'organisation', objectId: actor.organisationId });
}
