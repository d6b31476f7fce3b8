/** A file kept with an incident, named by its SHA-256. */
export interface Evidence {
  id: string;
  sha256: string;
  sizeBytes: number;
  mediaType: string;
  fileName: string;
  uploadedBy: { id: string; name: string };
  uploadedAt: Date;
}
