import { withOrganisation, withoutOrganisation, type Db } from '../src/db/database.js';
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
  const added = await withOrganisation(db, org.id, (tx) => addUser(tx, { organisationId: org.id, userId: null, originIp: null }, {
    email: `${unique()}@example.test`,
    name,
    roles,
    password: TEST_PASSWORD,
  }));
  return added.user;
}
