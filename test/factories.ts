import { withOrganisation, withoutOrganisation, type Db, type Tx } from '../src/db/database.js';
import type { SignedIn } from '../src/domain/auth/session.js';
import { incidentReference } from '../src/domain/incident/incident.js';
import { findIncident } from '../src/domain/incident/incident.repository.js';
import { newIncidentSchema, type NewIncidentInput } from '../src/domain/incident/incident.schema.js';
import { reportIncident } from '../src/domain/protocol/incident-reported.js';
import { createOrganisation } from '../src/domain/organisation/create-organisation.js';
import type { Organisation } from '../src/domain/organisation/organisation.js';
import { addUser } from '../src/domain/user/manage-users.js';
import type { Role } from '../src/domain/user/roles.js';
import type { User } from '../src/domain/user/user.js';

export const TEST_PASSWORD = 'correct horse battery staple';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function makeOrganisation(db: Db, name = 'Gemeente Test'): Promise<Organisation> {
  return withoutOrganisation(db, (tx) => createOrganisation(tx, { name, slug: `test-${unique()}` }));
}

/** A person with a known password. */
export async function makeUser(db: Db, org: Organisation, roles: Role[], name = `Persoon ${unique()}`): Promise<User> {
  const added = await withOrganisation(db, org.id, (tx) =>
    addUser(
      tx,
      { organisationId: org.id, userId: null, originIp: null },
      {
        email: `${unique()}@example.test`,
        name,
        roles,
        password: TEST_PASSWORD,
      },
    ),
  );
  return added.user;
}

/**
 * A person added the way an administrator adds them: no password of their own, but a temporary
 * one (returned, as the page shows it once) that must be changed at the first sign-in.
 */
export async function makeNewcomer(
  db: Db,
  org: Organisation,
  roles: Role[],
  name = `Persoon ${unique()}`,
): Promise<{ user: User; temporaryPassword: string }> {
  const added = await withOrganisation(db, org.id, (tx) =>
    addUser(tx, { organisationId: org.id, userId: null, originIp: null }, { email: `${unique()}@example.test`, name, roles }),
  );
  if (!added.temporaryPassword) throw new Error('no temporary password for a person added without one');
  return { user: added.user, temporaryPassword: added.temporaryPassword };
}

/** The person as a signed-in caller, for calling the domain directly (factories, CLI-like tests). */
export function signedInAs(user: User, organisation: Organisation): SignedIn {
  return { user, organisation, stage: 'complete', originIp: null };
}

/**
 * An incident reported through the domain, as the reporter would (routing, aftercare plan,
 * deadlines and duties follow as in a real report). Overrides change the minimal report;
 * `draft: true` keeps it the reporter's alone. Returns the incident's id.
 */
export async function createIncident(
  db: Db,
  who: { user: User; organisation: Organisation },
  overrides: Partial<NewIncidentInput> = {},
): Promise<string> {
  const report = newIncidentSchema.parse({
    occurredAt: '2026-11-20T14:30:00+01:00',
    channel: 'social_media',
    level: 'threat',
    behaviours: ['threat_of_violence'],
    description: 'Bericht op Facebook: "we weten waar je woont".',
    ...overrides,
  });
  return withOrganisation(db, who.organisation.id, (tx) => reportIncident(tx, signedInAs(who.user, who.organisation), report));
}

/**
 * Runs fn in one transaction as the person, through the domain as a request would: for the
 * state a test starts from (a conversation offered, a perpetrator registered), so the test
 * itself only does the part it is about.
 */
export function actAs<T>(db: Db, who: { user: User; organisation: Organisation }, fn: (tx: Tx, me: SignedIn) => Promise<T>): Promise<T> {
  return withOrganisation(db, who.organisation.id, (tx) => fn(tx, signedInAs(who.user, who.organisation)));
}

/** The reference people read for an incident (M-00042). */
export async function referenceOf(db: Db, organisation: Organisation, incidentId: string): Promise<string> {
  const incident = await withOrganisation(db, organisation.id, (tx) => findIncident(tx, incidentId));
  if (!incident) throw new Error(`no incident ${incidentId}`);
  return incidentReference(incident);
}
