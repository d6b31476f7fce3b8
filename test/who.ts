import type { SignedIn } from '../src/domain/auth/session.js';
import type { Role } from '../src/domain/user/roles.js';

/** A signed-in person for pure policy tests (no database): only what policies read is real. */
export function whoFor(roles: Role[] = [], id = '00000000-0000-4000-8000-000000000001'): SignedIn {
  const organisation = { id: '00000000-0000-4000-8000-0000000000aa', name: 'Gemeente Test', slug: 'test', mfaForEmployees: false };
  return {
    user: {
      id,
      organisationId: organisation.id,
      email: 'persoon@example.test',
      name: 'Persoon',
      roles,
      active: true,
      secondFactorEnrolled: true,
      mustChangePassword: false,
      createdAt: new Date(0),
      deactivatedAt: null,
      managerId: null,
    },
    organisation,
    stage: 'complete',
    originIp: null,
  };
}
