import { z } from 'zod';
import type { Tx } from '../../db/database.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';

/** How a person hears of what waits: a mail per notification, or one digest a day. */
export const MAIL_MODES = ['each', 'daily'] as const;
export type MailMode = (typeof MAIL_MODES)[number];

export const mailPreferenceSchema = z.object({ mode: z.enum(MAIL_MODES, { error: 'error.mail_mode' }) });

export async function mailPreferenceOf(tx: Tx, who: SignedIn): Promise<MailMode> {
  const row = await tx.selectFrom('appUser').select('mailDigest').where('id', '=', who.user.id).executeTakeFirstOrThrow();
  return row.mailDigest ? 'daily' : 'each';
}

/** Changes one's own choice; the digest starts from now, so what came before is not mailed twice. */
export async function changeMailPreference(tx: Tx, who: SignedIn, mode: MailMode): Promise<void> {
  await tx
    .updateTable('appUser')
    .set({ mailDigest: mode === 'daily', digestSentAt: mode === 'daily' ? new Date() : null })
    .where('id', '=', who.user.id)
    .execute();
  await audit(
    tx,
    { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp },
    { action: 'account.mail_preference', objectType: 'user', objectId: who.user.id },
  );
}
