import type { Role } from './roles.js';

/** A person within an organisation, as the domain sees them (never with secrets). */
export interface User {
  id: string;
  organisationId: string;
  email: string;
  name: string;
  roles: Role[];
  active: boolean;
  secondFactorEnrolled: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
  deactivatedAt: Date | null;
  managerId: string | null;
}
