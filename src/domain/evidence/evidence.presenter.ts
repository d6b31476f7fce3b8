import type { Evidence } from './evidence.js';

/** An evidence file as the API lists it: its hash, size and type, who added it and when. */
export function presentEvidence(e: Evidence) {
  return {
    id: e.id,
    sha256: e.sha256,
    sizeBytes: e.sizeBytes,
    mediaType: e.mediaType,
    fileName: e.fileName,
    uploadedBy: e.uploadedBy,
    uploadedAt: e.uploadedAt.toISOString(),
  };
}
