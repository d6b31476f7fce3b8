import { withOrganisation, type Db, type Tx } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { canIncident } from '../incident/incident.policy.js';
import { addEvent } from '../incident/incident.repository.js';
import { visibleIncident } from '../incident/incident-queries.js';
import type { EvidenceStore } from './evidence-store.js';
import { detectEvidenceType, MAX_EVIDENCE_BYTES } from './file-type.js';

export interface Evidence {
  id: string;
  sha256: string;
  sizeBytes: number;
  mediaType: string;
  fileName: string;
  uploadedBy: { id: string; name: string };
  uploadedAt: Date;
}

export const fileTooLarge = () => new AppError(413, 'file_too_large', 'error.file_too_large', { file: 'error.file_too_large' });

/** Stores a file with an incident; access is checked before anything is written. */
export async function uploadEvidence(db: Db, store: EvidenceStore, who: SignedIn, incidentId: string, file: { fileName: string; bytes: Buffer }): Promise<Evidence> {
  await withOrganisation(db, who.organisation.id, async (tx) => {
    const { access } = await visibleIncident(tx, who, incidentId);
    if (!canIncident(access, 'add_information')) throw notFound();
  });
  if (file.bytes.length === 0) throw new AppError(400, 'validation_failed', 'error.file_empty', { file: 'error.file_empty' });
  if (file.bytes.length > MAX_EVIDENCE_BYTES) throw fileTooLarge();
  const mediaType = await detectEvidenceType(file.bytes);
  if (!mediaType) throw new AppError(415, 'unsupported_file_type', 'error.file_type', { file: 'error.file_type' });
  const { sha256, size } = await store.put(file.bytes);
  const fileName = file.fileName.replace(/[\\/\x00-\x1f]/g, '_').slice(0, 200) || 'bestand';
  return withOrganisation(db, who.organisation.id, async (tx) => {
    await visibleIncident(tx, who, incidentId);
    const row = await tx
      .insertInto('evidenceFile')
      .values({ organisationId: who.organisation.id, incidentId, sha256, sizeBytes: size, mediaType, fileName, uploadedBy: who.user.id })
      .returningAll()
      .executeTakeFirstOrThrow();
    await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'evidence_added', { evidenceId: row.id, sha256, fileName, mediaType, sizeBytes: size });
    await audit(tx, { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp }, {
      action: 'evidence.upload', objectType: 'evidence', objectId: `${incidentId}:${sha256}`,
    });
    return { id: row.id, sha256, sizeBytes: size, mediaType, fileName, uploadedBy: { id: who.user.id, name: who.user.name }, uploadedAt: row.uploadedAt };
  });
}

export function listEvidence(db: Db, who: SignedIn, incidentId: string): Promise<Evidence[]> {
  return withOrganisation(db, who.organisation.id, async (tx) => {
    await visibleIncident(tx, who, incidentId);
    return listEvidenceRows(tx, incidentId);
  });
}

/** The file's bytes for someone who may see the incident; the read is audited. */
export async function readEvidence(db: Db, store: EvidenceStore, who: SignedIn, incidentId: string, evidenceId: string): Promise<{ evidence: Evidence; bytes: Buffer }> {
  const evidence = await withOrganisation(db, who.organisation.id, async (tx) => {
    await visibleIncident(tx, who, incidentId);
    const found = (await listEvidenceRows(tx, incidentId)).find((e) => e.id === evidenceId);
    if (!found) throw notFound();
    await audit(tx, { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp }, {
      action: 'evidence.read', objectType: 'evidence', objectId: `${incidentId}:${found.sha256}`,
    });
    return found;
  });
  return { evidence, bytes: await store.get(evidence.sha256) };
}

async function listEvidenceRows(tx: Tx, incidentId: string): Promise<Evidence[]> {
  const rows = await tx
    .selectFrom('evidenceFile as e')
    .innerJoin('appUser as u', 'u.id', 'e.uploadedBy')
    .select(['e.id', 'e.sha256', 'e.sizeBytes', 'e.mediaType', 'e.fileName', 'e.uploadedAt', 'u.id as userId', 'u.name as userName'])
    .where('e.incidentId', '=', incidentId)
    .orderBy('e.uploadedAt')
    .execute();
  return rows.map((r) => ({ id: r.id, sha256: r.sha256, sizeBytes: r.sizeBytes, mediaType: r.mediaType, fileName: r.fileName, uploadedAt: r.uploadedAt, uploadedBy: { id: r.userId, name: r.userName } }));
}
