import type { Tx } from '../../db/database.js';
import { fileEmpty, fileTooLarge, notFound, unsupportedFileType } from '../../errors.js';
import { requireOne } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { incidentPolicy } from '../incident/incident.policy.js';
import { addEvent } from '../incident/incident.repository.js';
import type { Evidence } from './evidence.js';
import { evidenceOf, insertEvidence } from './evidence.repository.js';
import type { EvidenceStore } from './evidence-store.js';
import { detectEvidenceType, evidenceFileName, MAX_EVIDENCE_BYTES } from './file-type.js';

export type { Evidence } from './evidence.js';

const actor = (who: SignedIn) => ({ organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp });

/** Stores a file with an incident; access is checked before anything is written. */
export async function uploadEvidence(
  tx: Tx,
  store: EvidenceStore,
  who: SignedIn,
  incidentId: string,
  file: { fileName: string; bytes: Buffer },
): Promise<Evidence> {
  await requireOne(tx, who, incidentPolicy, 'add_information', incidentId);
  if (file.bytes.length === 0) throw fileEmpty();
  if (file.bytes.length > MAX_EVIDENCE_BYTES) throw fileTooLarge();
  const mediaType = await detectEvidenceType(file.bytes);
  if (!mediaType) throw unsupportedFileType();
  // Stored by its hash: a file kept by a request that is rolled back later is harmless, and found again on retry.
  const { sha256, size } = await store.put(file.bytes);
  const fileName = evidenceFileName(file.fileName, mediaType);
  const row = await insertEvidence(tx, {
    organisationId: who.organisation.id,
    incidentId,
    sha256,
    sizeBytes: size,
    mediaType,
    fileName,
    uploadedBy: who.user.id,
  });
  await addEvent(tx, who.organisation.id, incidentId, who.user.id, 'evidence_added', {
    evidenceId: row.id,
    sha256,
    fileName,
    mediaType,
    sizeBytes: size,
  });
  await audit(tx, actor(who), { action: 'evidence.upload', objectType: 'evidence', objectId: `${incidentId}:${sha256}` });
  return {
    id: row.id,
    sha256,
    sizeBytes: size,
    mediaType,
    fileName,
    uploadedBy: { id: who.user.id, name: who.user.name },
    uploadedAt: row.uploadedAt,
  };
}

export async function listEvidence(tx: Tx, who: SignedIn, incidentId: string): Promise<Evidence[]> {
  await requireOne(tx, who, incidentPolicy, 'view', incidentId);
  return evidenceOf(tx, incidentId);
}

/** The file's bytes for someone who may see the incident; the read is audited. */
export async function readEvidence(
  tx: Tx,
  store: EvidenceStore,
  who: SignedIn,
  incidentId: string,
  evidenceId: string,
): Promise<{ evidence: Evidence; bytes: Buffer }> {
  await requireOne(tx, who, incidentPolicy, 'view', incidentId);
  const [evidence] = await evidenceOf(tx, incidentId, evidenceId);
  if (!evidence) throw notFound();
  const bytes = await store.get(evidence.sha256);
  await audit(tx, actor(who), { action: 'evidence.read', objectType: 'evidence', objectId: `${incidentId}:${evidence.sha256}` });
  return { evidence, bytes };
}
