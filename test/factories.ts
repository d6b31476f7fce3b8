import { withOrganisation, withoutOrganisation, type Db } from '../src/db/database.js';
import type { SignedIn } from '../src/domain/auth/session.js';
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
