import type { FastifyRequest } from 'fastify';
import { AppError, invalidField } from '../../platform/errors';

/** Reading the one file of a multipart request (attachments, the .xlsx import), within a size limit. */

/** The uploaded file's name and content; 415 when the request is not multipart, 400 without a file. */
export async function readUploadedFile(
  request: FastifyRequest,
  options: { max: number; notMultipart: string; missing: string },
): Promise<{ fileName: string; content: Buffer }> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', 'MULTIPART_REQUIRED', options.notMultipart, {
      fields: [{ field: 'file', message: '缺少文件' }],
    });
  }
  const part = await request.file({ limits: { fileSize: options.max } });
  if (!part) throw invalidField('file', 'FILE_REQUIRED', options.missing);
  return { fileName: part.filename, content: await readPart(part, options.max) };
}

async function readPart(part: { toBuffer(): Promise<Buffer> }, max: number): Promise<Buffer> {
  try {
    const content = await part.toBuffer();
    if (content.length > max) throw tooLarge(max);
    return content;
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(max);
    throw error;
  }
}

const tooLarge = (max: number) =>
  new AppError('payload_too_large', 'FILE_TOO_LARGE', `文件过大（上限 ${Math.round(max / 1024 / 1024)} MB）`, {
    fields: [{ field: 'file', message: '文件过大' }],
  });
