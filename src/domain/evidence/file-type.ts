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

/** The extension a stored file is named by, per accepted media type (the first one when it has several). */
const EXTENSIONS: Record<(typeof ALLOWED_MEDIA_TYPES)[number], readonly string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/heic': ['heic'],
  'application/pdf': ['pdf'],
  'message/rfc822': ['eml'],
};

// Characters that change how a name reads without being seen: the bidirectional embeddings,
// overrides and isolates (U+202A–U+202E, U+2066–U+2069), the direction marks (U+200E/F,
// U+061C), and controls. "Bijlage\u202Egpj.exe" would show as "Bijlageexe.jpg".
const HIDDEN_IN_NAMES = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u0000-\u001F\u007F-\u009F]/g;

/**
 * The name a file is stored and offered under: what the uploader called it, without the
 * characters that disguise a name and without path separators, ending in the extension of
 * the type read from its content. An extension that promises another kind of file is
 * replaced ("foto.exe" holding a JPEG becomes "foto.jpg"); a name without one gets it.
 */
export function evidenceFileName(typed: string, mediaType: string): string {
  const extensions = EXTENSIONS[mediaType as keyof typeof EXTENSIONS] ?? ['bin'];
  const cleaned = typed
    .replace(HIDDEN_IN_NAMES, '')
    .replace(/[\\/]/g, '_')
    // No hidden file (".exe") and no name that ends in a dot or a space.
    .replace(/^[.\s]+|[.\s]+$/g, '');
  // An extension is a short word after the last dot ("v1.2" has none, ".backup-2024" neither).
  const match = /^(.+)\.([a-z0-9]*[a-z][a-z0-9]*)$/i.exec(cleaned);
  const [base, typedExtension] = match && match[2]!.length <= 5 ? [match[1]!, match[2]!.toLowerCase()] : [cleaned, undefined];
  const extension = typedExtension && extensions.includes(typedExtension) ? typedExtension : extensions[0]!;
  return `${base.slice(0, 200 - extension.length - 1).trim() || 'bestand'}.${extension}`;
}
