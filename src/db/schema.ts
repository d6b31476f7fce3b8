import type { ColumnType, Generated } from 'kysely';

/** Table shapes as Kysely sees them (camelCase through CamelCasePlugin). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OrganisationTable {
  id: string;
  name: string;
  slug: string;
  mfaForEmployees: Generated<boolean>;
  alwaysInformRoles: Generated<string[]>;
  aftercareFirstHours: Generated<number>;
  aftercareSecondHours: Generated<number>;
  aftercareThirdFromDays: Generated<number>;
  aftercareThirdUntilDays: Generated<number>;
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
  managerId: string | null;
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

export interface OrganisationCounterTable {
  organisationId: string;
  name: string;
  value: Generated<number>;
}

export interface IncidentTable {
  organisationId: string;
  id: Generated<string>;
  number: number;
  status: string;
  level: string;
  channel: string;
  behaviours: string[];
  occurredAt: Timestamp;
  occurredUntil: Timestamp | null;
  place: string | null;
  description: string;
  targets: string[];
  perpetratorKind: string | null;
  perpetratorName: string | null;
  perpetratorDetails: string | null;
  witnesses: string | null;
  injuryPhysical: boolean;
  injuryMental: boolean;
  injuryHospital: boolean;
  injuryLastingHarm: boolean;
  injuryDeath: boolean;
  damage: string | null;
  onlinePlatform: string | null;
  onlineAccount: string | null;
  onlineNormStated: boolean | null;
  onlinePlatformNotified: boolean | null;
  reporterId: string;
  onBehalfOfId: string | null;
  createdAt: Generated<Date>;
  reportedAt: Timestamp | null;
  updatedAt: Generated<Date>;
  closedAt: Timestamp | null;
}

export interface IncidentAffectedTable {
  organisationId: string;
  incidentId: string;
  userId: string;
}

export interface IncidentAccessTable {
  organisationId: string;
  incidentId: string;
  userId: string;
  reason: 'reporter' | 'affected' | 'routed' | 'always_inform' | 'granted' | 'caregiver';
  grantedBy: string | null;
  grantedAt: Generated<Date>;
  occurredAt: Timestamp;
}

export interface IncidentEventTable {
  organisationId: string;
  id: Generated<string>;
  incidentId: string;
  at: Generated<Date>;
  actorId: string | null;
  kind: string;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface OnlineMessageTable {
  organisationId: string;
  id: Generated<string>;
  incidentId: string;
  sentAt: Timestamp;
  account: string | null;
  url: string | null;
  content: string | null;
  addedBy: string;
  addedAt: Generated<Date>;
}

export interface EvidenceFileTable {
  organisationId: string;
  id: Generated<string>;
  incidentId: string;
  sha256: string;
  sizeBytes: number;
  mediaType: string;
  fileName: string;
  uploadedBy: string;
  uploadedAt: Generated<Date>;
}

export interface RoutingRuleTable {
  organisationId: string;
  id: Generated<string>;
  position: number;
  affectedRole: string;
  informRoles: string[];
  informManager: boolean;
}

export interface ConsultationTable {
  organisationId: string;
  id: Generated<string>;
  askerId: string;
  question: string;
  status: 'open' | 'answered' | 'converted' | 'closed';
  incidentId: string | null;
  createdAt: Generated<Date>;
}

export interface ConsultationParticipantTable {
  organisationId: string;
  consultationId: string;
  userId: string;
}

export interface ConsultationMessageTable {
  organisationId: string;
  id: Generated<string>;
  consultationId: string;
  authorId: string;
  body: string;
  createdAt: Generated<Date>;
}

export interface NotificationTable {
  organisationId: string;
  id: Generated<string>;
  userId: string;
  kind: string;
  incidentId: string | null;
  consultationId: string | null;
  createdAt: Generated<Date>;
  readAt: Timestamp | null;
}

export interface OutboxMailTable {
  organisationId: string;
  id: Generated<string>;
  userId: string;
  toAddress: string;
  subject: string;
  body: string;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  nextAttemptAt: Generated<Date>;
  sentAt: Timestamp | null;
  lastError: string | null;
  createdAt: Generated<Date>;
}

export interface CaregiverRuleTable {
  organisationId: string;
  position: number;
  affectedRole: string;
  caregiverRoles: string[];
  caregiverManager: boolean;
}

export interface AftercareConversationTable {
  organisationId: string;
  id: Generated<string>;
  incidentId: string;
  affectedUserId: string;
  number: number;
  state: Generated<'planned' | 'offered' | 'accepted' | 'declined' | 'held'>;
  caregiverIds: string[];
  offeredAt: Timestamp | null;
  respondedAt: Timestamp | null;
  heldAt: Timestamp | null;
  heldBy: string | null;
  notes: string | null;
  stalledRecovery: Generated<boolean>;
  createdAt: Generated<Date>;
}

export interface ContactTable {
  organisationId: string;
  id: Generated<string>;
  position: Generated<number>;
  name: string;
  description: Generated<string>;
  phone: string | null;
  phoneOutOfHours: string | null;
  url: string | null;
  available: string | null;
  active: Generated<boolean>;
}

export interface ReferralTable {
  organisationId: string;
  id: Generated<string>;
  incidentId: string;
  affectedUserId: string;
  conversationId: string | null;
  contactId: string;
  note: string | null;
  createdBy: string;
  createdAt: Generated<Date>;
}

export interface DeadlineTable {
  organisationId: string;
  id: Generated<string>;
  incidentId: string;
  kind: string;
  subjectId: string | null;
  ownerIds: string[];
  notBefore: Timestamp | null;
  dueAt: Timestamp;
  remindAt: Timestamp;
  state: Generated<'open' | 'done' | 'overdue' | 'cancelled'>;
  reminderSentAt: Timestamp | null;
  overdueSentAt: Timestamp | null;
  doneAt: Timestamp | null;
  doneBy: string | null;
  cancelledAt: Timestamp | null;
  cancelledBy: string | null;
  cancelReason: string | null;
  createdAt: Generated<Date>;
}

export interface Database {
  organisation: OrganisationTable;
  appUser: AppUserTable;
  userRole: UserRoleTable;
  session: SessionTable;
  apiToken: ApiTokenTable;
  auditEvent: AuditEventTable;
  organisationCounter: OrganisationCounterTable;
  incident: IncidentTable;
  incidentAffected: IncidentAffectedTable;
  incidentAccess: IncidentAccessTable;
  incidentEvent: IncidentEventTable;
  onlineMessage: OnlineMessageTable;
  evidenceFile: EvidenceFileTable;
  routingRule: RoutingRuleTable;
  consultation: ConsultationTable;
  consultationParticipant: ConsultationParticipantTable;
  consultationMessage: ConsultationMessageTable;
  notification: NotificationTable;
  outboxMail: OutboxMailTable;
  caregiverRule: CaregiverRuleTable;
  aftercareConversation: AftercareConversationTable;
  contact: ContactTable;
  referral: ReferralTable;
  deadline: DeadlineTable;
}
