import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_base.js';
import * as m0002 from './0002_incidents.js';
import * as m0003 from './0003_audit_head.js';
import * as m0004 from './0004_deadlines_aftercare.js';
import * as m0005 from './0005_case_handling.js';
import * as m0006 from './0006_council_report.js';
import * as m0007 from './0007_benchmark.js';
import * as m0008 from './0008_auth_hardening.js';
import * as m0010 from './0010_rough_edges.js';
import * as m0011 from './0011_insight_summary.js';
import * as m0012 from './0012_tokens_roles_numbers.js';
import * as m0013 from './0013_idempotency.js';
import * as m0014 from './0014_calendar_feed.js';
import * as m0015 from './0015_search.js';
import * as m0016 from './0016_privacy_officer.js';
import * as m0018 from './0018_retention.js';
import * as m0019 from './0019_quick_card_letter_facts.js';
import * as m0020 from './0020_account_recovery.js';
import * as m0021 from './0021_sso.js';
import * as m0022 from './0022_notification_actor.js';
import * as m0023 from './0023_mail_digest.js';
import * as m0024 from './0024_audit_chain_per_organisation.js';
import * as m0025 from './0025_organisation_deadlines.js';
import * as m0026 from './0026_risk_assessments.js';
import * as m0031 from './0031_references_give_way.js';
import * as m0017 from './0017_meetings.js';
import * as m0027 from './0027_training.js';
import * as m0028 from './0028_audit_checkpoints.js';
import * as m0030 from './0030_requests.js';
import * as m0029 from './0029_accountability.js';

/** Every migration, in order. Names never change once released. */
export const migrations: Record<string, Migration> = {
  '0001_base': m0001,
  '0002_incidents': m0002,
  '0003_audit_head': m0003,
  '0004_deadlines_aftercare': m0004,
  '0005_case_handling': m0005,
  '0006_council_report': m0006,
  '0007_benchmark': m0007,
  '0008_auth_hardening': m0008,
  '0010_rough_edges': m0010,
  '0011_insight_summary': m0011,
  '0012_tokens_roles_numbers': m0012,
  '0013_idempotency': m0013,
  '0014_calendar_feed': m0014,
  '0015_search': m0015,
  '0016_privacy_officer': m0016,
  '0018_retention': m0018,
  '0019_quick_card_letter_facts': m0019,
  '0020_account_recovery': m0020,
  '0021_sso': m0021,
  '0022_notification_actor': m0022,
  '0023_mail_digest': m0023,
  '0024_audit_chain_per_organisation': m0024,
  '0025_organisation_deadlines': m0025,
  '0026_risk_assessments': m0026,
  '0031_references_give_way': m0031,
  '0017_meetings': m0017,
  '0027_training': m0027,
  '0028_audit_checkpoints': m0028,
  '0030_requests': m0030,
  '0029_accountability': m0029,
};
