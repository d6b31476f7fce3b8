import type { ColumnType, Generated } from 'kysely';
// Enum columns carry the domain's literal unions (their CHECK constraints are in the migrations).
import type { DeadlineKind } from '../domain/deadline/deadline.js';
import type { Channel, Level, PerpetratorKind, Status } from '../domain/incident/norm.js';
import type { NotificationKind } from '../domain/notification/notify.js';
import type { Role } from '../domain/user/roles.js';
import type { DisruptionEntryKind } from '../domain/meeting/meeting.js';

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
  suppressionThreshold: Generated<number>;
  createdAt: Generated<Date>;
  /** The organisation's own lines on the quick card (migration 0019). */
  quickCardLines: Generated<string[]>;
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
  /** The time step of the last second-factor code accepted; older and equal steps are refused. */
  totpLastStep: string | null;
  /** One mail a day with how much waits, instead of a mail per notification. */
  mailDigest: Generated<boolean>;
  digestSentAt: Timestamp | null;
  /** The identity provider's stable subject, once linked by e-mail at a first SSO sign-in (0021). */
  ssoSubject: string | null;
}

export interface UserRoleTable {
  organisationId: string;
  userId: string;
  role: Role;
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
  /** Sliding: pushed on by use, never past endsAt. */
  expiresAt: Timestamp;
  /** The absolute end, fixed at sign-in. */
  endsAt: Timestamp;
  /** Where the session began (0020), for "Mijn sessies". */
  userAgent: string | null;
  originIp: string | null;
  /** The ID token of a single sign-on (0021), for the provider's end-session endpoint. */
  ssoIdToken: string | null;
}

/** A single-use link to set a password (0020); only the hash of the token is kept. */
export interface AccountTokenTable {
  organisationId: string;
  id: Generated<string>;
  userId: string;
  purpose: 'password_reset' | 'invitation';
  tokenHash: string;
  createdAt: Generated<Date>;
  expiresAt: Timestamp;
  usedAt: Timestamp | null;
}

/** A single-use second-factor recovery code (0020), hashed. */
export interface RecoveryCodeTable {
  organisationId: string;
  id: Generated<string>;
  userId: string;
  codeHash: string;
  createdAt: Generated<Date>;
  usedAt: Timestamp | null;
}

export interface ApiTokenTable {
  organisationId: string;
  id: Generated<string>;
  userId: string;
  tokenHash: string;
  name: string;
  createdAt: Generated<Date>;
  expiresAt: Timestamp;
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
  /** The row's place in its organisation's chain; null for the rows of the single chain before 0024. */
  chainSeq: string | null;
}

export interface OrganisationCounterTable {
  organisationId: string;
  name: string;
  value: Generated<number>;
}

export interface IncidentTable {
  organisationId: string;
  id: Generated<string>;
  /** Given when the incident is reported; a draft has none. */
  number: number | null;
  status: Status;
  level: Level;
  channel: Channel;
  behaviours: string[];
  occurredAt: Timestamp;
  occurredUntil: Timestamp | null;
  place: string | null;
  description: string;
  targets: string[];
  perpetratorKind: PerpetratorKind | null;
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
  /** The "why" of the police preparation (7 W's), as far as a handler knows it. */
  policeMotive: string | null;
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
  kind: NotificationKind;
  incidentId: string | null;
  consultationId: string | null;
  /** Who caused it; null when the program did (a reminder). */
  actorId: string | null;
  /** The deadline a reminder is about (migration 0025). */
  deadlineId: string | null;
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
  plannedAt: Timestamp | null;
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
  /** Null for the organisation's own duties (migration 0025); then subjectId says what it is about. */
  incidentId: string | null;
  kind: DeadlineKind;
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

export interface PerpetratorTable {
  organisationId: string;
  id: Generated<string>;
  kind: 'person' | 'collective' | 'organisation';
  name: string;
  aliases: Generated<string[]>;
  dateOfBirth: ColumnType<string | null, string | null | undefined, string | null>;
  address: string | null;
  emails: Generated<string[]>;
  phones: Generated<string[]>;
  socialAccounts: Generated<string[]>;
  notes: string | null;
  mergedInto: string | null;
  createdBy: string;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface IncidentPerpetratorTable {
  organisationId: string;
  incidentId: string;
  perpetratorId: string;
  linkedBy: string;
  linkedAt: Generated<Date>;
}

type DateOnly = ColumnType<string | null, string | null | undefined, string | null>;

export interface MeasureTable {
  organisationId: string;
  id: Generated<string>;
  incidentId: string;
  perpetratorId: string | null;
  kind:
    'oral_warning' | 'written_warning' | 'service_restriction' | 'ban' | 'stop_conversation' | 'police_notice' | 'police_report' | 'other';
  state: Generated<'proposed' | 'decided' | 'rejected' | 'carried_out' | 'ended'>;
  details: string | null;
  advice: string | null;
  reasons: string;
  startsOn: DateOnly;
  endsOn: DateOnly;
  hearing: 'heard' | 'not_possible' | null;
  hearingStatement: string | null;
  proposedBy: string;
  proposedAt: Generated<Date>;
  decidedBy: string | null;
  decidedAt: Timestamp | null;
  decisionNote: string | null;
  carriedOutAt: Timestamp | null;
  endedAt: Timestamp | null;
  /** The facts as written for the letter to the perpetrator, never the report's text (migration 0019). */
  facts: string | null;
}

export interface LetterTemplateTable {
  organisationId: string;
  kind: 'written_warning' | 'ban_decision';
  subject: string;
  body: string;
  updatedAt: Generated<Date>;
}

export interface LetterTable {
  organisationId: string;
  id: Generated<string>;
  incidentId: string;
  measureId: string;
  kind: 'written_warning' | 'ban_decision';
  format: 'docx' | 'pdf';
  sha256: string;
  sizeBytes: number;
  fileName: string;
  createdBy: string;
  createdAt: Generated<Date>;
}

export interface PoliceConsentTable {
  organisationId: string;
  id: Generated<string>;
  incidentId: string;
  affectedUserId: string;
  given: boolean;
  how: string;
  givenAt: Timestamp;
  shareBeyondHandlers: Generated<boolean>;
  recordedBy: string;
  recordedAt: Generated<Date>;
}

export interface PoliceReportTable {
  organisationId: string;
  id: Generated<string>;
  incidentId: string;
  consentId: string;
  filedOn: ColumnType<string, string, string>;
  filedBy: string;
  registrationNumber: string | null;
  elaApplied: Generated<boolean>;
  organisationAddressUsed: Generated<boolean>;
  vptRequested: Generated<boolean>;
  vptConfirmed: Generated<boolean>;
  prosecutionStatus: 'pending' | 'dismissed' | 'settled_by_prosecution' | 'court_judgement' | 'other' | null;
  outcome: string | null;
  feedbackAffectedOn: DateOnly;
  feedbackCouncilOn: DateOnly;
  createdAt: Generated<Date>;
}

export interface DamageItemTable {
  organisationId: string;
  id: Generated<string>;
  incidentId: string;
  kind: 'material' | 'immaterial';
  description: string;
  amountCents: number;
  reimbursedOn: DateOnly;
  claimedOn: DateOnly;
  paidOn: DateOnly;
  paidCents: number | null;
  writtenOffOn: DateOnly;
  createdBy: string;
  createdAt: Generated<Date>;
}

export interface EscalationTable {
  organisationId: string;
  id: Generated<string>;
  incidentId: string;
  kind: 'labour_inspectorate' | 'kings_commissioner';
  doneAt: Timestamp | null;
  how: string | null;
  reference: string | null;
  doneBy: string | null;
  createdAt: Generated<Date>;
}

export interface TriangleItemTable {
  organisationId: string;
  incidentId: string;
  meetingOn: DateOnly;
  note: string | null;
  markedBy: string;
  markedAt: Generated<Date>;
  discussedOn: DateOnly;
}

export interface SecurityMeasureTable {
  organisationId: string;
  id: Generated<string>;
  incidentId: string;
  description: string;
  advisedBy: 'police' | 'prosecution' | 'other';
  ownCostCents: Generated<number>;
  organisationCostCents: Generated<number>;
  safetyNetRequestedOn: DateOnly;
  safetyNetCents: number | null;
  safetyNetStatus: 'requested' | 'granted' | 'refused' | null;
  createdBy: string;
  createdAt: Generated<Date>;
}

export interface CouncilReportTextTable {
  organisationId: string;
  year: number;
  section: 'norm' | 'incidents' | 'handling' | 'prevention' | 'lessons';
  body: string;
  updatedBy: string;
  updatedAt: Generated<Date>;
}

export interface CalendarFeedTable {
  organisationId: string;
  userId: string;
  tokenHash: string;
  createdAt: Generated<Date>;
  lastFetchedAt: Date | null;
}

/** A client's key for a creating request, with the answer it got (migration 0013). */
export interface IdempotencyKeyTable {
  organisationId: string;
  userId: string;
  key: string;
  /** sha256 of the request (method, path, body), to tell a retry from another request under the same key. */
  requestHash: string;
  /** The answer's status and body (JSON) or, for a form, { location }; null until the request is done. */
  status: number | null;
  response: unknown;
  createdAt: Generated<Date>;
}

/** An organisation's retention periods (migration 0018); no row: the defaults. */
export interface RetentionPolicyTable {
  organisationId: string;
  incidentYears: Generated<number>;
  aftercareNoteMonths: Generated<number>;
  perpetratorMonths: Generated<number>;
  banYears: Generated<number>;
  sessionWeeks: Generated<number>;
  notificationWeeks: Generated<number>;
  updatedBy: string | null;
  updatedAt: Generated<Date>;
}

/** A hold placed by hand: no deletion concerning the incident until it is lifted. */
export interface IncidentHoldTable {
  organisationId: string;
  incidentId: string;
  reason: string;
  placedBy: string | null;
  placedAt: Generated<Date>;
}

/** An open incident past its term, put before the security adviser once. */
export interface RetentionReviewTable {
  organisationId: string;
  incidentId: string;
  flaggedAt: Generated<Date>;
}

/** The anonymised figures of a deleted incident (or a deleted part of one), as the day summary counts them. */
export interface RetainedFigureTable {
  organisationId: string;
  recordId: string;
  day: ColumnType<string, string, string>;
  dimension: string;
  key: string;
  count: ColumnType<string, number | string, number | string>;
  keptAt: Generated<Date>;
}

/** An organisation's OpenID Connect single sign-on (0021). */
export interface SsoConfigTable {
  organisationId: string;
  issuer: string;
  clientId: string;
  /** AES-256-GCM with the installation's SSO key; never the secret itself. */
  clientSecretEncrypted: string | null;
  /** Or: the environment variable that holds the secret. */
  clientSecretEnv: string | null;
  scopes: Generated<string>;
  roleMode: Generated<'weerbaar' | 'groups'>;
  groupsClaim: Generated<string>;
  /** role → the group names that give it. */
  roleMap: ColumnType<Record<string, string[]>, string | undefined, string>;
  jit: Generated<boolean>;
  updatedAt: Generated<Date>;
}

/** One yearly access review (BIO, migration 0029): planned with its due moment, then started and decided line by line. */
export interface AccessReviewTable {
  organisationId: string;
  id: Generated<string>;
  year: number;
  dueAt: Timestamp;
  periodFrom: Timestamp | null;
  periodTo: Timestamp | null;
  startedAt: Timestamp | null;
  startedBy: string | null;
  completedAt: Timestamp | null;
  completedBy: string | null;
  createdAt: Generated<Date>;
}

/** A role a person held when the review started, and what the administrator decided about it. */
export interface AccessReviewLineTable {
  organisationId: string;
  id: Generated<string>;
  reviewId: string;
  userId: string;
  role: Role;
  decision: Generated<'pending' | 'confirmed' | 'revoked'>;
  decidedBy: string | null;
  decidedAt: Timestamp | null;
}

export interface Database {
  organisation: OrganisationTable;
  appUser: AppUserTable;
  userRole: UserRoleTable;
  session: SessionTable;
  apiToken: ApiTokenTable;
  accountToken: AccountTokenTable;
  recoveryCode: RecoveryCodeTable;
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
  perpetrator: PerpetratorTable;
  incidentPerpetrator: IncidentPerpetratorTable;
  measure: MeasureTable;
  letterTemplate: LetterTemplateTable;
  letter: LetterTable;
  policeConsent: PoliceConsentTable;
  policeReport: PoliceReportTable;
  damageItem: DamageItemTable;
  escalation: EscalationTable;
  triangleItem: TriangleItemTable;
  securityMeasure: SecurityMeasureTable;
  councilReportText: CouncilReportTextTable;
  calendarFeed: CalendarFeedTable;
  idempotencyKey: IdempotencyKeyTable;
  retentionPolicy: RetentionPolicyTable;
  incidentHold: IncidentHoldTable;
  retentionReview: RetentionReviewTable;
  retainedFigure: RetainedFigureTable;
  meeting: MeetingTable;
  ssoConfig: SsoConfigTable;
  disruption: DisruptionTable;
  disruptionEntry: DisruptionEntryTable;
  disruptionIncident: DisruptionIncidentTable;
  riskAssessment: RiskAssessmentTable;
  riskPrecaution: RiskPrecautionTable;
  riskAssessmentPerpetrator: RiskAssessmentPerpetratorTable;
  riskAssessmentIncident: RiskAssessmentIncidentTable;
  dataRequest: DataRequestTable;
  dataRequestExport: DataRequestExportTable;
  accessReview: AccessReviewTable;
  accessReviewLine: AccessReviewLineTable;
  councilTerm: CouncilTermTable;
  trainingSession: TrainingSessionTable;
  trainingInvitee: TrainingInviteeTable;
  trainingSessionIncident: TrainingSessionIncidentTable;
  protocolVersion: ProtocolVersionTable;
  protocolEvaluation: ProtocolEvaluationTable;
}

/** The council-meeting disruption log (migration 0017): append-only but for the meeting itself. */
export interface MeetingTable {
  organisationId: string;
  id: Generated<string>;
  title: string;
  /** The meeting's day (yyyy-mm-dd). */
  date: ColumnType<string, string, string>;
  chair: string;
  createdBy: string;
  createdAt: Generated<Date>;
}

export interface DisruptionTable {
  organisationId: string;
  id: Generated<string>;
  meetingId: string;
  description: string;
  perpetratorId: string | null;
  createdBy: string;
  createdAt: Generated<Date>;
}

export interface DisruptionEntryTable {
  organisationId: string;
  id: Generated<string>;
  seq: Generated<string>;
  disruptionId: string;
  kind: DisruptionEntryKind;
  at: Timestamp;
  orderNumber: number | null;
  correctsId: string | null;
  note: string | null;
  report: boolean | null;
  loggedBy: string;
  loggedAt: Generated<Date>;
}

export interface DisruptionIncidentTable {
  organisationId: string;
  disruptionId: string;
  incidentId: string;
  createdAt: Generated<Date>;
}

/** Risk assessments before group meetings and risky conversations (migration 0026). */
export interface RiskAssessmentTable {
  organisationId: string;
  id: Generated<string>;
  kind: 'group_meeting' | 'conversation';
  title: string;
  startsAt: Timestamp;
  location: string | null;
  chair: string | null;
  hostId: string | null;
  topic: string | null;
  sensitivity: 'low' | 'medium' | 'high' | null;
  expectedAttendance: number | null;
  access: 'public' | 'invitation' | null;
  earlierIncidents: boolean | null;
  livestream: boolean | null;
  level: 'low' | 'elevated' | 'high' | null;
  assessedAt: Timestamp | null;
  assessedBy: string | null;
  evaluation: string | null;
  evaluatedAt: Timestamp | null;
  evaluatedBy: string | null;
  createdBy: string;
  createdAt: Generated<Date>;
}

export interface RiskPrecautionTable {
  organisationId: string;
  id: Generated<string>;
  assessmentId: string;
  kind: string;
  suggested: boolean;
  decision: Generated<'pending' | 'taken' | 'declined'>;
  ownerId: string | null;
  note: string | null;
  decidedBy: string | null;
  decidedAt: Timestamp | null;
  doneBy: string | null;
  doneAt: Timestamp | null;
  createdAt: Generated<Date>;
}

export interface RiskAssessmentPerpetratorTable {
  organisationId: string;
  assessmentId: string;
  perpetratorId: string;
}

export interface RiskAssessmentIncidentTable {
  organisationId: string;
  assessmentId: string;
  incidentId: string;
  linkedBy: string;
  linkedAt: Generated<Date>;
}

/** A request from a person in it (migration 0030, GDPR art. 15–17). */
export interface DataRequestTable {
  organisationId: string;
  id: Generated<string>;
  kind: 'access' | 'rectification' | 'erasure';
  subjectKind: 'user' | 'perpetrator';
  subjectUserId: string | null;
  /** Null once the perpetrator record is erased (the label stays). */
  subjectPerpetratorId: string | null;
  subjectLabel: string;
  receivedOn: ColumnType<string, string, string>;
  description: string | null;
  recordedBy: string;
  createdAt: Generated<Date>;
  decision: 'granted' | 'refused' | null;
  decisionReason: string | null;
  decidedBy: string | null;
  decidedAt: Timestamp | null;
  erased: ColumnType<Record<string, number> | null, string | null | undefined, string | null>;
}

/** The compiled answer to an access request, reviewed before release. */
export interface DataRequestExportTable {
  organisationId: string;
  requestId: string;
  content: ColumnType<unknown, string, string>;
  omissions: ColumnType<unknown, string, string>;
  state: Generated<'draft' | 'released'>;
  compiledBy: string;
  compiledAt: Timestamp;
  reviewedBy: string | null;
  reviewedAt: Timestamp | null;
  reviewNote: string | null;
}

/** Council terms, sessions, protocol versions and yearly evaluations (migration 0027). */
export interface CouncilTermTable {
  organisationId: string;
  id: Generated<string>;
  startsOn: ColumnType<string, string, string>;
  recordedBy: string;
  recordedAt: Generated<Date>;
}

export interface TrainingSessionTable {
  organisationId: string;
  id: Generated<string>;
  kind: 'term_start' | 'casuistry' | 'training';
  title: string;
  plannedOn: ColumnType<string, string, string>;
  location: string | null;
  topics: Generated<string[]>;
  description: string | null;
  provider: string | null;
  withOfficials: Generated<boolean>;
  termId: string | null;
  heldAt: Timestamp | null;
  heldBy: string | null;
  agreements: string | null;
  adjustProtocol: Generated<boolean>;
  createdBy: string;
  createdAt: Generated<Date>;
}

export interface TrainingInviteeTable {
  organisationId: string;
  sessionId: string;
  userId: string;
  attended: boolean | null;
}

export interface TrainingSessionIncidentTable {
  organisationId: string;
  id: Generated<string>;
  sessionId: string;
  incidentId: string;
  linkedBy: string;
  linkedAt: Generated<Date>;
}

export interface ProtocolVersionTable {
  organisationId: string;
  id: Generated<string>;
  version: number;
  summary: string;
  body: string;
  changes: string;
  decidedOn: ColumnType<string, string, string>;
  decidedBy: string;
  recordedBy: string;
  recordedAt: Generated<Date>;
}

export interface ProtocolEvaluationTable {
  organisationId: string;
  id: Generated<string>;
  year: number;
  conclusions: string | null;
  decidedChanges: string | null;
  decidedBy: string | null;
  figures: ColumnType<unknown, string | null, string | null>;
  adoptedAt: Timestamp | null;
  adoptedBy: string | null;
  createdBy: string;
  createdAt: Generated<Date>;
}
