import { withOrganisation, withoutOrganisation, type Db } from '../db/database.js';
import { audit } from '../domain/audit/audit.js';
import { createOrganisation } from '../domain/organisation/create-organisation.js';
import { findOwnOrganisation, organisationIdBySlug } from '../domain/organisation/organisation.repository.js';
import { seedQuickCardLines } from '../domain/quick-card/quick-card.js';
import type { Organisation } from '../domain/organisation/organisation.js';
import { addUser } from '../domain/user/manage-users.js';
import type { Role } from '../domain/user/roles.js';
import { emailInUse, findUsersByEmail, updateUser } from '../domain/user/user.repository.js';
import { totpEnrolment } from '../domain/auth/totp.js';
import { translator } from '../http/i18n/index.js';
import { fillDemoCases } from './demo-cases.js';
import { fillDemoMeetings } from './demo-meetings.js';
import { fillDemoTraining } from './demo-training.js';
import { fillDemoRiskAssessments } from './demo-risk.js';
import { fillDemoRequests } from './demo-requests.js';
import { fillDemoAccessReview } from './demo-accountability.js';
import { fillDemoIncidents, type DemoKey } from './demo-incidents.js';

const DEMO = { name: 'Gemeente Voorbeeld', slug: 'voorbeeld' };
const dutch = translator('nl');
/** Demo passwords are public by design: this data is for looking around, never for production. */
const DEMO_PASSWORD = 'weerbaar-demo-2026';
/**
 * One second factor for every demo person, public like the password: a visitor adds one entry
 * to an authenticator app and can be each role in turn, instead of enrolling eight. Only the
 * demo's own people get it, and only while they have no second factor of their own.
 */
export const DEMO_TOTP_SECRET = 'KRSXG5CTMVRXEZLUKNSWG4TFORJWKY3S';

/** Invented people: a person for every role, and a small team of employees with their manager. */
const PEOPLE: { key: DemoKey; role: Role; name: string; email: string; manager?: DemoKey }[] = [
  { key: 'burgemeester', role: 'mayor', name: 'Burgemeester M. de Vries', email: 'burgemeester@voorbeeld.demo' },
  { key: 'wethouder', role: 'alderman', name: 'Wethouder A. Bakker', email: 'wethouder@voorbeeld.demo' },
  { key: 'raadslid', role: 'council_member', name: 'Raadslid R. Jansen', email: 'raadslid@voorbeeld.demo' },
  { key: 'fractielid', role: 'group_member', name: 'Fractielid F. Visser', email: 'fractielid@voorbeeld.demo' },
  { key: 'griffier', role: 'clerk', name: 'Griffier G. Smit', email: 'griffier@voorbeeld.demo' },
  { key: 'secretaris', role: 'municipal_secretary', name: 'Gemeentesecretaris S. Mulder', email: 'secretaris@voorbeeld.demo' },
  { key: 'adviseur', role: 'security_adviser', name: 'Adviseur V. de Boer', email: 'adviseur@voorbeeld.demo' },
  { key: 'medewerker', role: 'employee', name: 'Medewerker E. Meijer', email: 'medewerker@voorbeeld.demo', manager: 'teamleider' },
  { key: 'beheerder', role: 'admin', name: 'Beheerder B. de Groot', email: 'beheerder@voorbeeld.demo' },
  { key: 'fg', role: 'privacy_officer', name: 'Functionaris gegevensbescherming P. Kok', email: 'fg@voorbeeld.demo' },
  { key: 'teamleider', role: 'employee', name: 'Teamleider K. Hendriks', email: 'teamleider@voorbeeld.demo', manager: 'secretaris' },
  { key: 'balie', role: 'employee', name: 'Baliemedewerker L. Dekker', email: 'balie@voorbeeld.demo', manager: 'teamleider' },
  { key: 'handhaver', role: 'employee', name: 'Handhaver J. van Dijk', email: 'handhaver@voorbeeld.demo', manager: 'teamleider' },
  {
    key: 'klantcontact',
    role: 'employee',
    name: 'Medewerker Klantcontact N. Bos',
    email: 'klantcontact@voorbeeld.demo',
    manager: 'teamleider',
  },
];

export interface DemoResult {
  organisation: Organisation;
  people: { role: Role; roleLabel: string; name: string; email: string; password: string }[];
  /** The demo's one second factor: the key and its otpauth:// link for an authenticator app. */
  secondFactor: { secret: string; uri: string };
  /** Incidents added by this run (0 when the organisation already had incidents). */
  incidents: number;
  /** Cases handled by this run: perpetrator registered, warning decided, police and damage where violent. */
  handledCases: number;
}

/**
 * Creates (or completes) the demo organisation with a person for every role, a team of
 * employees with their manager, and two years of incidents. Safe to run twice. Everything goes
 * through the use cases on the program's pool; only the moving of times into the past is done
 * as the owner, since no use case may rewrite when something happened.
 */
export async function fillDemo(db: Db, owner: Db): Promise<DemoResult> {
  const existingId = await withoutOrganisation(db, (tx) => organisationIdBySlug(tx, DEMO.slug));
  const organisationId = existingId ?? (await withoutOrganisation(db, (tx) => createOrganisation(tx, DEMO))).id;
  const actor = { organisationId, userId: null, originIp: null };
  const { organisation, ids } = await withOrganisation(db, organisationId, async (tx) => {
    for (const person of PEOPLE) {
      if (await emailInUse(tx, person.email)) continue;
      await addUser(tx, actor, { email: person.email, name: person.name, roles: [person.role], password: DEMO_PASSWORD });
    }
    const rows = await findUsersByEmail(
      tx,
      PEOPLE.map((p) => p.email),
    );
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    const ids = new Map<DemoKey, string>();
    for (const person of PEOPLE) {
      const row = byEmail.get(person.email);
      if (row) ids.set(person.key, row.id);
    }
    for (const row of rows) {
      if (row.totpEnabledAt) continue;
      await updateUser(tx, row.id, { totpSecret: DEMO_TOTP_SECRET, totpEnabledAt: new Date() });
      await audit(tx, actor, { action: 'user.second_factor_set', objectType: 'user', objectId: row.id });
    }
    // Employees are routed to their manager; set once, an administrator's later choice stays.
    for (const person of PEOPLE) {
      const row = byEmail.get(person.email);
      const managerId = person.manager && ids.get(person.manager);
      if (!row || row.managerId || !managerId) continue;
      await updateUser(tx, row.id, { managerId });
      await audit(tx, actor, { action: 'user.update', objectType: 'user', objectId: row.id });
    }
    // The quick card's own lines, as a municipality writes them (issue 13 §1).
    await seedQuickCardLines(tx, [
      'Alarmknoppen: onder elk bureau van de publieksbalie en in de spreekkamers 0.12 en 0.14.',
      'Beveiliging (dag en nacht): 030-123 45 67',
      'Bodes in de raadszaal: via de knop op de voorzitterstafel.',
    ]);
    return { organisation: (await findOwnOrganisation(tx))!, ids };
  });
  const incidents = await fillDemoIncidents(db, owner, organisationId, ids);
  const handledCases = incidents > 0 ? await fillDemoCases(db, owner, organisationId, ids) : 0;
  // The disrupted council meeting's incident counts among the demo's incidents.
  const meetingIncidents = await fillDemoMeetings(db, organisationId, ids);
  // This term's sessions and the protocol's versions (issue 13 §4–5).
  await fillDemoTraining(db, organisationId, ids);
  await fillDemoRiskAssessments(db, organisationId, ids);
  // Requests from the people in it, once the register holds someone (issue 11 §2).
  await fillDemoRequests(db, organisationId, ids);
  // After the incidents, so the review counts what people opened handling them.
  await fillDemoAccessReview(db, organisationId, ids);
  return {
    organisation,
    people: PEOPLE.map(({ role, name, email }) => ({ role, roleLabel: dutch(`role.${role}`), name, email, password: DEMO_PASSWORD })),
    secondFactor: { secret: DEMO_TOTP_SECRET, uri: (await totpEnrolment(DEMO_TOTP_SECRET, 'demo@voorbeeld.demo')).uri },
    incidents: incidents + meetingIncidents,
    handledCases,
  };
}
