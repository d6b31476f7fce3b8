import type {} from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, fileMissing, fileTooLarge, uploadUnreadable } from '../../errors.js';

export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
  /** The other fields of the multipart form. */
  fields: Record<string, string>;
}

/** Reads the one "file" part of a multipart request; too large → 413, none or unreadable → 400. */
export async function readUploadedFile(request: FastifyRequest, fields: Record<string, string> = {}): Promise<UploadedFile> {
  if (!request.isMultipart()) throw fileMissing();
  return readParts(request, fields).catch((error: unknown) => {
    // What the multipart parser refuses (no boundary, a body cut off) is bad input, not our failure.
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code;
    throw code === 'FST_REQ_FILE_TOO_LARGE' ? fileTooLarge() : uploadUnreadable();
  });
}

/** Fills `fields` as the parts come, so the fields before a bad file (the form token) are known even when it fails. */
async function readParts(request: FastifyRequest, fields: Record<string, string>): Promise<UploadedFile> {
  let file: { fileName: string; bytes: Buffer } | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        continue;
      }
      const bytes = await part.toBuffer();
      file = { fileName: part.filename, bytes };
    } else if (typeof part.value === 'string') {
      fields[part.fieldname] = part.value;
    }
  }
  if (!file || file.bytes.length === 0) throw fileMissing();
  return { ...file, fields };
}

/**
 * An upload read ahead of the transaction, or why it could not be read (answered after
 * admission) with the fields read before it failed.
 */
export type SettledUpload = { file: UploadedFile } | { error: unknown; fields: Record<string, string>; unreadable: boolean };

/**
 * Reads the upload before the request's transaction opens, so no transaction waits on the
 * network; a bad upload is kept as an error, to be thrown only once the caller is admitted
 * (a signed-out caller hears 401, not 400).
 */
export function readUploadAhead(request: FastifyRequest): Promise<SettledUpload> {
  const fields: Record<string, string> = {};
  return readUploadedFile(request, fields).then(
    (file) => ({ file }),
    (error: unknown) => ({ error, fields, unreadable: error instanceof AppError && error.fields.file === 'error.upload_unreadable' }),
  );
}

/** What the form-token check needs of an upload: the fields that came with it, and whether the body could be read at all. */
export interface MultipartForm {
  fields: Record<string, string>;
  unreadable: boolean;
}

export function multipartForm(upload: SettledUpload): MultipartForm {
  return 'file' in upload ? { fields: upload.file.fields, unreadable: false } : { fields: upload.fields, unreadable: upload.unreadable };
}

/** Serves a stored file as a download that the browser never renders inline. */
export function sendFile(reply: FastifyReply, file: { fileName: string; mediaType: string; sha256: string }, bytes: Buffer) {
  return reply
    .header('content-type', file.mediaType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('x-content-sha256', file.sha256)
    .header('cache-control', 'private, no-store')
    .send(bytes);
}
