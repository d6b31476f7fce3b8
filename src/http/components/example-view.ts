import type { SignedIn } from '../../domain/auth/session.js';
import { translator } from '../i18n/index.js';
import type { View } from './view.js';

/** The view a component example renders in: Dutch, signed out unless a person is given. */
export function exampleView(options: { path?: string; who?: SignedIn } = {}): View {
  return { lang: 'nl', t: translator('nl'), who: options.who, csrfToken: 'voorbeeld-token', path: options.path ?? '/' };
}

/** A clerk of Gemeente Voorbeeld, for examples of what a signed-in person sees. */
export const exampleClerk: SignedIn = {
  user: {
    id: '00000000-0000-4000-8000-000000000001',
    organisationId: '00000000-0000-4000-8000-000000000002',
    email: 'griffier@voorbeeld.nl',
    name: 'Anouk de Griffier',
    roles: ['clerk'],
    active: true,
    secondFactorEnrolled: true,
    mustChangePassword: false,
    createdAt: new Date('2026-01-05T09:00:00Z'),
    deactivatedAt: null,
    managerId: null,
  },
  organisation: { id: '00000000-0000-4000-8000-000000000002', name: 'Gemeente Voorbeeld', slug: 'voorbeeld', mfaForEmployees: false },
  sessionId: '00000000-0000-4000-8000-000000000003',
  csrfToken: 'voorbeeld-token',
  stage: 'complete',
  originIp: null,
};
