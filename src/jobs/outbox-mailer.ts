import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { withoutOrganisation, type Db } from '../db/database.js';
import { BASE_URL_TOKEN } from '../domain/notification/notify.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
}

/** Sends through an SMTP server given as a URL, e.g. smtp://user:pass@mail.example.nl:587. */
export function smtpSender(url: string, from: string): MailSender {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}

export const MAX_ATTEMPTS = 8;

/**
 * Delivers mails that are due, at most `batch` at a time. Rows are locked with
 * FOR UPDATE SKIP LOCKED until this transaction ends, so two workers (or two servers)
 * never send the same mail. A failure waits longer each time: 1, 2, 4 … minutes.
 */
export async function deliverDueMail(db: Db, sender: MailSender, baseUrl: string, batch = 20): Promise<number> {
  return withoutOrganisation(db, async (tx) => {
    const { rows } = await sql<{ organisationId: string; id: string }>`SELECT organisation_id, id FROM app_due_mail(${batch})`.execute(tx);
    let sent = 0;
    for (const due of rows) {
      await sql`SELECT set_config('app.organisation_id', ${due.organisationId}, true)`.execute(tx);
      const mail = await tx.selectFrom('outboxMail').selectAll().where('id', '=', due.id).executeTakeFirstOrThrow();
      try {
        await sender.send({ to: mail.toAddress, subject: mail.subject, text: mail.body.replaceAll(BASE_URL_TOKEN, baseUrl) });
        await tx
          .updateTable('outboxMail')
          .set({ status: 'sent', sentAt: new Date(), attempts: mail.attempts + 1, lastError: null })
          .where('id', '=', due.id)
          .execute();
        sent++;
      } catch (error) {
        const attempts = mail.attempts + 1;
        // The error code only: SMTP answers can quote the address.
        const code =
          (error as { code?: string; responseCode?: number }).code ?? String((error as { responseCode?: number }).responseCode ?? 'error');
        await tx
          .updateTable('outboxMail')
          .set({
            attempts,
            status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
            nextAttemptAt: new Date(Date.now() + 60_000 * 2 ** (attempts - 1)),
            lastError: code.slice(0, 100),
          })
          .where('id', '=', due.id)
          .execute();
      }
    }
    return sent;
  });
}

export interface Worker {
  stop(): Promise<void>;
}

/** Runs deliverDueMail every few seconds until stopped; a failing round is logged and retried. */
export function startMailWorker(db: Db, sender: MailSender, baseUrl: string, logger: Logger, intervalMs = 2000): Worker {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = (async () => {
      try {
        let sent;
        do sent = await deliverDueMail(db, sender, baseUrl);
        while (sent > 0 && !stopped);
      } catch (error) {
        logger.warn({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'mail round failed');
      }
      if (!stopped) timer = setTimeout(tick, intervalMs);
    })();
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
