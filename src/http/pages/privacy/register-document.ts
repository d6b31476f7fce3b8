import type { ProcessingRegister } from '../../../domain/accountability/register.js';
import { PERIOD_NAMES, type RetentionPeriods } from '../../../domain/retention/retention.js';
import { ALWAYS_INFORMED_ROLES } from '../../../domain/routing/routing.js';
import { groupOf, ROLES, type Role } from '../../../domain/user/roles.js';
import { formatDateTime, type Lang, type MessageKey, type Translate } from '../../i18n/index.js';

/** A part of the register: text, a list, and perhaps a table; the page and the PDF lay out the same parts. */
export interface RegisterSection {
  id: string;
  title: string;
  paragraphs: string[];
  items: string[];
  table?: { caption: string; header: string[]; rows: string[][] };
}

export interface RegisterDocument {
  title: string;
  organisation: string;
  generated: string;
  sections: RegisterSection[];
}

const UNIT: Record<keyof RetentionPeriods, MessageKey> = {
  incidentYears: 'retention.unit.years',
  aftercareNoteMonths: 'retention.unit.months',
  perpetratorMonths: 'retention.unit.months',
  banYears: 'retention.unit.years',
  sessionWeeks: 'retention.unit.weeks',
  notificationWeeks: 'retention.unit.weeks',
};

const PURPOSES = 5;
const SUBJECTS = ['office_holders', 'employees', 'reporters', 'relatives', 'perpetrators', 'witnesses'] as const;
const DATA = ['identity', 'incident', 'health', 'criminal', 'aftercare', 'damage', 'accounts'] as const;
const EXTERNAL = ['police', 'labour_inspectorate', 'kings_commissioner', 'prosecution'] as const;
const MEASURES = [
  'isolation',
  'second_factor',
  'passwords',
  'need_to_know',
  'audit',
  'access_review',
  'retention',
  'files',
  'mail',
] as const;

/**
 * The register of processing (GDPR art. 30(1)) in the reader's language: the fixed parts from the
 * protocol, the rest from the organisation's configuration — its people per role, its routing
 * (who receives what), its retention periods and its second-factor setting.
 */
export function registerDocument(register: ProcessingRegister, t: Translate, lang: Lang): RegisterDocument {
  const roles = (list: readonly Role[]) => (list.length === 0 ? t('privacy.register.nobody') : list.map((r) => t(`role.${r}`)).join(', '));
  const count = (group: 'office_holder' | 'employee') =>
    ROLES.filter((r) => groupOf(r) === group).reduce((n, r) => n + register.holders[r], 0);
  const sections: RegisterSection[] = [
    {
      id: 'controller',
      title: t('privacy.register.controller'),
      paragraphs: [t('privacy.register.controller_text', { organisation: register.organisation })],
      items: [
        t('privacy.register.officer', {
          names: register.privacyOfficers.length > 0 ? register.privacyOfficers.join(', ') : t('privacy.register.officer_none'),
        }),
      ],
    },
    {
      id: 'purposes',
      title: t('privacy.register.purposes'),
      paragraphs: [t('privacy.register.legal_basis')],
      items: Array.from({ length: PURPOSES }, (_, i) => t(`privacy.register.purpose.${i + 1}` as MessageKey)),
    },
    {
      id: 'subjects',
      title: t('privacy.register.subjects'),
      paragraphs: [],
      items: SUBJECTS.map((s) => t(`privacy.register.subject.${s}` as MessageKey)),
      table: {
        caption: t('privacy.register.holders'),
        header: [t('privacy.register.col.role'), t('privacy.register.col.holders')],
        rows: [
          ...ROLES.map((r) => [t(`role.${r}`), String(register.holders[r])]),
          [t('privacy.register.total_office_holders'), String(count('office_holder'))],
        ],
      },
    },
    {
      id: 'data',
      title: t('privacy.register.data'),
      paragraphs: [],
      items: DATA.map((d) => t(`privacy.register.data.${d}` as MessageKey)),
    },
    {
      id: 'recipients',
      title: t('privacy.register.recipients'),
      paragraphs: [
        t('privacy.register.always', {
          roles: roles(register.routing.alwaysInform.length ? register.routing.alwaysInform : ALWAYS_INFORMED_ROLES),
        }),
        t('privacy.register.routing_intro'),
      ],
      items: EXTERNAL.map((e) => t(`privacy.register.external.${e}` as MessageKey)),
      table: {
        caption: t('privacy.register.routing'),
        header: [t('privacy.register.col.affected'), t('privacy.register.col.informed')],
        rows: register.routing.rules.map((rule) => [
          t(`role.${rule.affectedRole}`),
          [rule.informRoles.length ? roles(rule.informRoles) : '', rule.informManager ? t('privacy.register.manager') : '']
            .filter(Boolean)
            .join(', ') || t('privacy.register.nobody'),
        ]),
      },
    },
    {
      id: 'transfers',
      title: t('privacy.register.transfers'),
      paragraphs: [t('privacy.register.transfers_text')],
      items: [],
    },
    {
      id: 'retention',
      title: t('privacy.register.retention'),
      paragraphs: [t('privacy.register.retention_text')],
      items: [],
      table: {
        caption: t('privacy.register.retention'),
        header: [t('retention.col.period'), t('retention.col.value'), t('retention.col.reason')],
        rows: PERIOD_NAMES.map((n) => [
          t(`retention.period.${n}` as MessageKey),
          `${register.periods[n]} ${t(UNIT[n])}`,
          t(`retention.reason.${n}` as MessageKey),
        ]),
      },
    },
    {
      id: 'security',
      title: t('privacy.register.security'),
      paragraphs: [],
      items: [
        ...MEASURES.map((m) => t(`privacy.register.measure.${m}` as MessageKey)),
        t(register.mfaForEmployees ? 'privacy.register.mfa_all' : 'privacy.register.mfa_roles'),
      ],
    },
  ];
  return {
    title: t('privacy.register.title'),
    organisation: register.organisation,
    generated: t('privacy.register.generated', { date: formatDateTime(register.generatedAt, lang) }),
    sections,
  };
}
