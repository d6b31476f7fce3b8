import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { requireRole } from '../../domain/access/access.js';
import { EXPORT_FORMATS } from '../../domain/insight/export.js';
import { insightPolicy } from '../../domain/insight/insight.policy.js';
import { insightFilterSchema } from '../../domain/insight/insight.schema.js';
import { EXPORT_MEDIA_TYPES, incidentExportFile, sendExport } from '../export/incident-export.js';
import { apiRoute } from '../pipeline/api-route.js';

const DESCRIPTION =
  'One row per incident the caller may see that occurred in the period (whole days in Europe/Amsterdam; this year by default), ' +
  'drafts excluded, with the dashboard filters. Anonymised: the month instead of the time; codes, yes/no and damage bands; ' +
  'role categories instead of roles; a perpetrator code that is the same within one export and new in every next one. ' +
  'Never names, e-mail addresses, accounts, URLs, free text, file names, incident numbers or ids. Headers and values in the ' +
  'language asked for (Accept-Language: en, or Dutch). Security adviser and municipal secretary only; every export is audited.';

/** The anonymised export as files, for the security adviser and the municipal secretary. */
export function exportRoutes(app: FastifyInstance, db: Db) {
  for (const format of EXPORT_FORMATS) {
    apiRoute(app, db, {
      method: 'GET',
      url: `/api/v1/exports/incidents.${format}`,
      tags: ['insight'],
      summary:
        format === 'csv'
          ? 'Anonymised export of the incidents of a period as CSV (UTF-8 with BOM, separated by semicolons)'
          : 'Anonymised export of the incidents of a period as an Excel workbook (XLSX)',
      description: DESCRIPTION,
      query: insightFilterSchema,
      produces: EXPORT_MEDIA_TYPES[format],
      response: z.string(),
      // For whom the export does not exist, not even a bad period is answered (404, not 400).
      guard: (who) => requireRole(insightPolicy, who, 'export'),
      handler: async ({ tx, who, query, request, reply }) => {
        sendExport(reply, await incidentExportFile(tx, who, query, format, request.t));
        return '';
      },
    });
  }
}
