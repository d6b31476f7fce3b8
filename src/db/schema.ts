import type { ColumnType, Generated } from 'kysely';

/** Table shapes as Kysely sees them (camelCase through CamelCasePlugin). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OrganisationTable {
  id: string;
  name: string;
  slug: string;
  mfaForEmployees: Generated<boolean>;
  createdAt: Generated<Date>;
}

export interface AppUserTable {
  organisationId: string;
  id: Generated<string>;
  email: string;
  name: string;
  passwordHash: string | null;
  mustChangePassword: Generated<boolean>;
  totpSecret: string | null;
  totpEnabledAt: Timestamp | null;
  failedSignIns: Generated<number>;
  lockedUntil: Timestamp | null;
  active: Generated<boolean>;
  createdAt: Generated<Date>;
  deactivatedAt: Timestamp | null;
}

export interface UserRoleTable {
  organisationId: string;
  userId: string;
  role: string;
}

export interface SessionTable {
  organisationId: string;
  id: Generated<string>;
  userId: string;
  tokenHash: string;
  csrfToken: string;
  stage: 'second_factor' | 'complete';
  createdAt: Generated<Date>;
  lastSeenAt: Generated<Date>;
  expiresAt: Timestamp;
}

export interface ApiTokenTable {
  organisationId: string;
  id: Generated<string>;
  userId: string;
  tokenHash: string;
  createdAt: Generated<Date>;
  lastUsedAt: Timestamp | null;
  revokedAt: Timestamp | null;
}

export interface AuditEventTable {
  seq: string;
  organisationId: string | null;
  actorUserId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  result: 'success' | 'failure' | 'denied';
  originIp: string | null;
  occurredAt: Date;
  prevHash: string;
  hash: string;
}

export interface Database {
  organisation: OrganisationTable;
  appUser: AppUserTable;
  userRole: UserRoleTable;
  session: SessionTable;
  apiToken: ApiTokenTable;
  auditEvent: AuditEventTable;
}
