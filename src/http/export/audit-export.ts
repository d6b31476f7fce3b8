import type { AuditRow } from '../../domain/accountability/audit-viewer.repository.js';
import { incidentReference } from '../../domain/incident/incident.js';
import { amsterdamParts } from '../../time/amsterdam.js';
import type { Translate } from '../i18n/index.js';
import { toCsv } from './csv.js';

/** An audit row for programs: the same in the API, its JSON export and the CSV. */
export function presentAuditRow(row: AuditRow) {
  return {
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    actor: row.actor,
    action: row.action,
    objectType: row.objectType,
    objectId: row.objectId,
    reference: row.incidentNumber !== null ? incidentReference({ number: row.incidentNumber }) : null,
    result: row.result,
  };
}

const stamp = (at: Date) => {
  const { date, time } = amsterdamParts(at);
  return `${date} ${time}:${String(at.getUTCSeconds()).padStart(2, '0')}`;
};

/** The audit rows as CSV for a spreadsheet: Amsterdam time, the actor's name beside their id, no content. */
export function auditCsv(rows: readonly AuditRow[], t: Translate): Buffer {
  const header = ['time', 'actor', 'actor_id', 'action', 'object_type', 'object_id', 'reference', 'result'].map((c) =>
    t(`privacy.audit.col.${c}` as Parameters<Translate>[0]),
  );
  return toCsv(
    header,
    rows.map((r) => {
      const p = presentAuditRow(r);
      return [
        stamp(r.occurredAt),
        p.actor?.name ?? t('privacy.audit.system'),
        p.actor?.id ?? '',
        p.action,
        p.objectType ?? '',
        p.objectId ?? '',
        p.reference ?? '',
        p.result,
      ];
    }),
  );
}
