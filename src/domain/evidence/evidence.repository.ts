import type { Tx } from '../../db/database.js';
import type { Evidence } from './evidence.js';

export async function insertEvidence(
  tx: Tx,
  row: {
    organisationId: string;
    incidentId: string;
    sha256: string;
    sizeBytes: number;
    mediaType: string;
    fileName: string;
    uploadedBy: string;
  },
): Promise<{ id: string; uploadedAt: Date }> {
  return tx.insertInto('evidenceFile').values(row).returning(['id', 'uploadedAt']).executeTakeFirstOrThrow();
}

/** The files of one incident, oldest first; with one id, that file only (if it belongs to the incident). */
export async function evidenceOf(tx: Tx, incidentId: string, evidenceId?: string): Promise<Evidence[]> {
  let query = tx
    .selectFrom('evidenceFile as e')
    .innerJoin('appUser as u', 'u.id', 'e.uploadedBy')
    .select(['e.id', 'e.sha256', 'e.sizeBytes', 'e.mediaType', 'e.fileName', 'e.uploadedAt', 'u.id as userId', 'u.name as userName'])
    .where('e.incidentId', '=', incidentId);
  if (evidenceId) query = query.where('e.id', '=', evidenceId);
  const rows = await query.orderBy('e.uploadedAt').execute();
  return rows.map((r) => ({
    id: r.id,
    sha256: r.sha256,
    sizeBytes: r.sizeBytes,
    mediaType: r.mediaType,
    fileName: r.fileName,
    uploadedAt: r.uploadedAt,
    uploadedBy: { id: r.userId, name: r.userName },
  }));
}
