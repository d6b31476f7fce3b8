import type { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';
import type { Tx } from '../../db/database.js';
import type { SignedIn } from '../../domain/auth/session.js';
import { EXPORT_COLUMNS, exportIncidents, type ExportColumn, type ExportFormat, type ExportRow } from '../../domain/insight/export.js';
import type { InsightFilter } from '../../domain/insight/insight.js';
import type { Translate } from '../i18n/index.js';
import { sendFile } from '../pipeline/upload.js';
import { toCsv } from './csv.js';
import { toXlsx, XLSX_MEDIA_TYPE } from './xlsx.js';

/** The media type each format is documented and sent with. */
export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = { csv: 'text/csv', xlsx: XLSX_MEDIA_TYPE };

/**
 * One row as the reader's language says it. Headers and values are translated (Dutch, or
 * English for an English interface): the file is read by people in a spreadsheet, for whom
 * "Bedreiging of intimidatie" means something and "threat" does not; programs that want stable
 * codes use the statistics API. The column order is fixed (EXPORT_COLUMNS) in both languages.
 */
function cells(row: ExportRow, t: Translate): Record<ExportColumn, string> {
  const yesNo = (value: boolean) => t(value ? 'export.yes' : 'export.no');
  const list = (values: readonly string[]) => values.join(', ');
  return {
    month: row.month,
    level: t(`level.${row.level}`),
    behaviours: list(row.behaviours.map((b) => t(`behaviour.${b}`))),
    channel: t(`channel.${row.channel}`),
    online: yesNo(row.online),
    groups: list(row.groups.map((g) => t(`export.group.${g}`))),
    role_categories: list(row.roleCategories.map((c) => t(`export.role_category.${c}`))),
    targets: list(row.targets.map((target) => t(`export.target.${target}`))),
    perpetrator_kind: row.perpetratorKind ? t(`perpetrator.${row.perpetratorKind}`) : t('export.unknown'),
    perpetrator_keys: list(row.perpetratorKeys),
    measures: list(row.measures.map((m) => t(`measure.kind.${m}`))),
    ban_imposed: yesNo(row.banImposed),
    police_report: yesNo(row.policeReport),
    prosecution: list(row.prosecution.map((p) => t(p === 'unknown' ? 'export.prosecution.unknown' : `prosecution.${p}`))),
    aftercare_offered: yesNo(row.aftercareOffered),
    aftercare_held: yesNo(row.aftercareHeld),
    damage: t(`export.damage.${row.damage}`),
    injury: yesNo(row.injury),
    status: t(`status.${row.status}`),
  };
}

/** The export as a table of text: the header line and one line per incident. */
export function exportTable(rows: readonly ExportRow[], t: Translate): { header: string[]; body: string[][] } {
  return {
    header: EXPORT_COLUMNS.map((column) => t(`export.column.${column}`)),
    body: rows.map((row) => {
      const byColumn = cells(row, t);
      return EXPORT_COLUMNS.map((column) => byColumn[column]);
    }),
  };
}

export interface ExportFile {
  fileName: string;
  mediaType: string;
  bytes: Buffer;
}

/**
 * The anonymised export of the period as a file (API and page alike): the use case (which
 * checks the role and audits), then the table in the reader's language, then the format. The
 * file name holds the period only.
 */
export async function incidentExportFile(
  tx: Tx,
  who: SignedIn,
  filter: InsightFilter,
  format: ExportFormat,
  t: Translate,
): Promise<ExportFile> {
  const { rows } = await exportIncidents(tx, who, filter, format);
  const { header, body } = exportTable(rows, t);
  const bytes = format === 'csv' ? toCsv(header, body) : await toXlsx(t('export.sheet_name'), header, body);
  const mediaType = format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_MEDIA_TYPE;
  return { fileName: `${t('export.file_name')}-${filter.from}-${filter.to}.${format}`, mediaType, bytes };
}

/** Sends the export as a download, never shown inline, never cached. */
export function sendExport(reply: FastifyReply, file: ExportFile) {
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  return sendFile(reply, { fileName: file.fileName, mediaType: file.mediaType, sha256 }, file.bytes);
}
