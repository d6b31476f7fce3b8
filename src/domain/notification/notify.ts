import type { Tx } from '../../db/database.js';
import type { NotificationKind } from './notification.js';
import { activeRecipients, insertNotifications, insertOutboxMails, unreadCounts } from './notification.repository.js';

export { NOTIFICATION_KINDS, type NotificationKind } from './notification.js';

/** Replaced by the mail worker with PUBLIC_URL, so stored mails never hold configuration. */
export const BASE_URL_TOKEN = '{{baseUrl}}';

// Mails say only that there is something to look at: never a name, level or description.
const MAIL: Record<NotificationKind, { subject: string; body: string }> = {
  incident_routed: { subject: 'Nieuwe melding in Weerbaar', body: 'Er is een nieuwe melding die u kunt bekijken.' },
  incident_reported_for_you: {
    subject: 'Er is een melding voor u gedaan',
    body: 'Iemand heeft namens u een melding gedaan. U kunt deze bekijken.',
  },
  access_granted: { subject: 'U heeft toegang gekregen in Weerbaar', body: 'U heeft toegang gekregen tot een melding.' },
  consultation_asked: { subject: 'Nieuwe vraag in Weerbaar', body: 'Er is een vraag om advies voor u.' },
  consultation_answered: { subject: 'Antwoord op uw vraag in Weerbaar', body: 'Er is een antwoord op uw vraag.' },
  online_message_added: { subject: 'Melding bijgewerkt in Weerbaar', body: 'Er is een melding bijgewerkt die u volgt.' },
  aftercare_planned: { subject: 'Nazorg in Weerbaar', body: 'U bent gevraagd nazorg te bieden. U kunt de gesprekken bekijken.' },
  aftercare_offered: {
    subject: 'Een gesprek wordt u aangeboden',
    body: 'U krijgt een nazorggesprek aangeboden. U kunt het aannemen of afslaan.',
  },
  aftercare_answered: { subject: 'Antwoord op een aangeboden gesprek', body: 'Er is gereageerd op een aangeboden nazorggesprek.' },
  deadline_reminder: { subject: 'Herinnering: een taak in Weerbaar', body: 'Een taak nadert zijn termijn.' },
  deadline_overdue: { subject: 'Termijn verstreken in Weerbaar', body: 'De termijn van een taak is verstreken.' },
  task_reminder: {
    subject: 'Herinnering: een taak van de organisatie in Weerbaar',
    body: 'Een taak van de organisatie nadert zijn termijn.',
  },
  task_overdue: {
    subject: 'Termijn verstreken van een taak van de organisatie',
    body: 'De termijn van een taak van de organisatie is verstreken.',
  },
  duty_opened: { subject: 'Direct actie nodig in Weerbaar', body: 'Er is een plicht ontstaan die direct aandacht vraagt.' },
  measure_proposed: { subject: 'Uw besluit wordt gevraagd in Weerbaar', body: 'Er is een maatregel voorgesteld waarover u besluit.' },
  measure_decided: { subject: 'Besluit genomen in Weerbaar', body: 'Er is besloten over een maatregel bij een melding die u volgt.' },
  police_report_filed: { subject: 'Nieuwe stap bij een melding in Weerbaar', body: 'Er is een stap gezet bij een melding die u volgt.' },
  case_role_changed: {
    subject: 'Rollen gewijzigd in Weerbaar',
    body: 'De rollen van een collega met toegang tot meldingen zijn gewijzigd. U kunt de wijziging bekijken bij Mensen.',
  },
  retention_review: {
    subject: 'Een melding ter beoordeling in Weerbaar',
    body: 'Een open melding is lang niet gewijzigd. Beoordeel of deze kan worden gesloten of bewaard.',
  },
};

/** "Er wacht 1 bericht op u." / "Er wachten 3 berichten op u." */
export const waitingLine = (n: number) =>
  n === 1 ? 'Er wacht 1 bericht op u in Weerbaar.' : `Er wachten ${n} berichten op u in Weerbaar.`;

export interface NotificationTarget {
  incidentId?: string;
  consultationId?: string;
  /** The deadline a reminder is about. */
  deadlineId?: string;
  /** Who caused it, shown in the inbox ("door …"); left out when the program did it by itself. */
  actorId?: string | null;
}

/**
 * Informs people in the app and by mail, inside the caller's transaction (the outbox
 * pattern): the change and its notifications commit together or not at all.
 */
export async function notify(
  tx: Tx,
  organisationId: string,
  userIds: readonly string[],
  kind: NotificationKind,
  target: NotificationTarget,
): Promise<void> {
  const recipients = await activeRecipients(tx, userIds);
  if (recipients.length === 0) return;
  await insertNotifications(
    tx,
    organisationId,
    recipients.map((r) => r.id),
    kind,
    {
      incidentId: target.incidentId ?? null,
      consultationId: target.consultationId ?? null,
      deadlineId: target.deadlineId ?? null,
      actorId: target.actorId ?? null,
    },
  );
  const mail = MAIL[kind];
  // How much waits, this one included: a count says nothing about any incident.
  const waiting = await unreadCounts(
    tx,
    recipients.map((r) => r.id),
  );
  // Those who chose a daily digest hear of it in the morning (jobs/mail-digest.ts).
  await insertOutboxMails(
    tx,
    organisationId,
    recipients
      .filter((r) => !r.mailDigest)
      .map((r) => ({
        userId: r.id,
        toAddress: r.email,
        subject: mail.subject,
        body: `${mail.body}\n\n${waitingLine(waiting.get(r.id) ?? 1)} Meld u aan op ${BASE_URL_TOKEN}/inbox om te zien wat er is.\n\nDit bericht bevat bewust geen details.\n— Weerbaar`,
      })),
  );
}

/** The digest mail: how much waits, and nothing about any incident (like every mail). */
export function digestMail(unread: number): { subject: string; body: string } {
  return {
    subject: 'Uw dagelijkse overzicht van Weerbaar',
    body: `${waitingLine(unread)} Meld u aan op ${BASE_URL_TOKEN}/inbox om te zien wat er is.\n\nU krijgt dit overzicht één keer per dag, omdat u daarvoor koos. Dit bericht bevat bewust geen details.\n— Weerbaar`,
  };
}
