import type { SignedIn } from '../auth/session.js';
import type { User } from './user.js';

/** The caller as the API shows them: no secrets, no second-factor state. */
export function presentMe(who: SignedIn) {
  return {
    id: who.user.id,
    name: who.user.name,
    email: who.user.email,
    roles: who.user.roles,
    organisation: { id: who.organisation.id, name: who.organisation.name, slug: who.organisation.slug },
  };
}

/** A person in a list to choose from: name and roles only. */
export function presentPersonChoice(user: User) {
  return { id: user.id, name: user.name, roles: user.roles };
}
