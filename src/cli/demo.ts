import { withOrganisation, withoutOrganisation, type Db } from '../db/database.js';
import { createOrganisation } from '../domain/organisation/create-organisation.js';
import { organisationIdBySlug } from '../domain/organisation/organisation.repository.js';
import type { Organisation } from '../domain/organisation/organisation.js';
import { addUserInTransaction } from '../domain/user/manage-users.js';
import type { Role } from '../domain/user/roles.js';
import { emailInUse } from '../domain/user/user.repository.js';
import { findOwnOrganisation } from '../domain/organisation/organisation.repository.js';

const DEMO = { name: 'Gemeente Voorbeeld', slug: 'voorbeeld' };
/** Demo passwords are public by design: this data is for looking around, never for production. */
const DEMO_PASSWORD = 'weerbaar-demo-2026';

const PEOPLE: { role: Role; name: string; email: string }[] = [
  { role: 'mayor', name: 'Burgemeester M. de Vries', email: 'burgemeester@voorbeeld.demo' },
  { role: 'alderman', name: 'Wethouder A. Bakker', email: 'wethouder@voorbeeld.demo' },
  { role: 'council_member', name: 'Raadslid R. Jansen', email: 'raadslid@voorbeeld.demo' },
  { role: 'group_member', name: 'Fractielid F. Visser', email: 'fractielid@voorbeeld.demo' },
  { role: 'clerk', name: 'Griffier G. Smit', email: 'griffier@voorbeeld.demo' },
  { role: 'municipal_secretary', name: 'Gemeentesecretaris S. Mulder', email: 'secretaris@voorbeeld.demo' },
  { role: 'security_adviser', name: 'Adviseur V. de Boer', email: 'adviseur@voorbeeld.demo' },
  { role: 'employee', name: 'Medewerker E. Meijer', email: 'medewerker@voorbeeld.demo' },
  { role: 'admin', name: 'Beheerder B. de Groot', email: 'beheerder@voorbeeld.demo' },
];

export interface DemoResult {
  organisation: Organisation;
  people: { role: Role; name: string; email: string; password: string }[];
}

/** Creates (or completes) the demo organisation with a person for every role. Safe to run twice. */
export async function fillDemo(db: Db): Promise<DemoResult> {
  const existingId = await withoutOrganisation(db, (tx) => organisationIdBySlug(tx, DEMO.slug));
  const organisationId = existingId ?? (await createOrganisation(db, DEMO)).id;
  const actor = { organisationId, userId: null, originIp: null };
  const organisation = await withOrganisation(db, organisationId, async (tx) => {
    for (const person of PEOPLE) {
      if (await emailInUse(tx, person.email)) continue;
      await addUserInTransaction(tx, actor, { email: person.email, name: person.name, roles: [person.role], password: DEMO_PASSWORD });
    }
    return (await findOwnOrganisation(tx))!;
  });
  return { organisation, people: PEOPLE.map((p) => ({ ...p, password: DEMO_PASSWORD })) };
}
