import { fileTypeFromBuffer } from 'file-type';

/** What we accept as evidence: screenshots and photos, PDFs, saved e-mails. */
export const ALLOWED_MEDIA_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/heic',
  'application/pdf',
  'message/rfc822',
] as const;
export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;

/**
 * The media type read from the content itself, never from the name or the declared type,
 * so a program renamed to photo.jpg is refused. Undefined when not an accepted kind.
 */
export async function detectEvidenceType(bytes: Buffer): Promise<string | undefined> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) return (ALLOWED_MEDIA_TYPES as readonly string[]).includes(detected.mime) ? detected.mime : undefined;
  return looksLikeEmail(bytes) ? 'message/rfc822' : undefined;
}

/** A saved e-mail (.eml): plain header lines at the top, with a From and a Date or Subject. */
function looksLikeEmail(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 16 * 1024).toString('latin1');
  if (/[\x00-\x08\x0e-\x1f]/.test(head)) return false;
  const headerBlock = head.split(/\r?\n\r?\n/)[0] ?? '';
  const lines = headerBlock.split(/\r?\n/).filter((l) => !/^[ \t]/.test(l));
  if (lines.length < 2 || !lines.every((l) => /^[A-Za-z0-9-]+:/.test(l))) return false;
  return /^from:/im.test(headerBlock) && /^(date|subject):/im.test(headerBlock);
}
