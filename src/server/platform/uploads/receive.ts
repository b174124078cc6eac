import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart, { type Multipart } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, badRequest } from '../errors';
import { type DetectedType, detectFileType, nameMatchesType } from './file-types';

/** The types a route takes, by content (`DetectedType.mime`), and the error that refuses any other. */
export interface AcceptedTypes {
  /** Content types taken (`text/plain; charset=utf-8` for UTF-8 text, `…gb18030` for GB18030 text). */
  mimes: ReadonlySet<string>;
  /** The 4xx a route has always answered for a type it does not take. */
  refuse: () => AppError;
}

export interface ReceiveOptions {
  /** TAXLINE_DATA_DIR: the file waits under `<dataDir>/uploads` while the request is handled. */
  dataDir: string;
  /** The largest file taken, in bytes. */
  maxBytes: number;
  accept: AcceptedTypes;
  /** Text fields that may come with the file (each at most 10,000 bytes); any other field is refused. */
  fields?: readonly string[] | undefined;
}

/** A received file: stored in a temporary file, its type decided by its content. */
export interface ReceivedUpload {
  path: string;
  /** The name the client gave, without any path and control characters (`上传文件` when none). */
  fileName: string;
  size: number;
  type: DetectedType;
  /** The text fields sent with it. */
  fields: Record<string, string>;
  /** The whole content (for small files: attachments). */
  read(): Promise<Buffer>;
  /** Removes the temporary file; call it in a `finally`. */
  discard(): Promise<void>;
}

/** The multipart field the file must come in, on every upload route. */
export const FILE_FIELD = 'file';
const FIELD_BYTES = 10_000;

const fileField = (message: string) => ({ fields: [{ field: FILE_FIELD, message }] });

export const fileTooLarge = (maxBytes: number) =>
  new AppError(
    'payload_too_large',
    'FILE_TOO_LARGE',
    `文件过大（上限 ${formatBytes(maxBytes)}）`,
    fileField('文件过大'),
  );

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Receives the one file of a multipart/form-data request (field `file`, a few named text fields) into
 * a temporary file, within the size limit, and decides its type by its content — never by the name or
 * the Content-Type the client sent, although a name whose extension says another type is refused.
 * Every way a multipart body can be wrong is a 4xx with a stable code: not multipart (415
 * MULTIPART_REQUIRED), malformed (400 MALFORMED_MULTIPART), no file (FILE_REQUIRED), the file under
 * another field (UNEXPECTED_FIELD), two files (TOO_MANY_FILES), too many or unknown fields
 * (TOO_MANY_FIELDS / UNEXPECTED_FIELD), empty (FILE_EMPTY), too large (FILE_TOO_LARGE), a type not
 * taken (the route's own error), a name contradicting the content (415 FILE_TYPE_MISMATCH).
 */
export async function receiveUpload(request: FastifyRequest, options: ReceiveOptions): Promise<ReceivedUpload> {
  if (!request.isMultipart()) {
    throw new AppError(
      'unsupported_media_type',
      'MULTIPART_REQUIRED',
      '请以 multipart/form-data 方式上传文件',
      fileField('缺少上传文件'),
    );
  }
  const allowedFields = new Set(options.fields ?? []);
  const dir = path.join(options.dataDir, 'uploads');
  await fs.promises.mkdir(dir, { recursive: true });
  const target = path.join(dir, `${randomUUID()}.upload`);
  const discard = () => fs.promises.rm(target, { force: true });
  const fields: Record<string, string> = {};
  let fileName: string | null = null;
  try {
    const parts: AsyncIterableIterator<Multipart> = request.parts({
      limits: {
        fileSize: options.maxBytes,
        files: 1,
        // One field or file more than taken, so that the first extra one is named in the answer.
        fields: allowedFields.size + 1,
        parts: allowedFields.size + 3,
        fieldSize: FIELD_BYTES,
        headerPairs: 20,
      },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (!allowedFields.has(part.fieldname)) throw unexpectedField(part.fieldname);
        if (part.valueTruncated) throw badRequest('FIELD_TOO_LONG', '表单字段过长', fileField('字段过长'));
        fields[part.fieldname] = String(part.value ?? '');
        continue;
      }
      if (part.fieldname !== FILE_FIELD) {
        part.file.resume();
        throw unexpectedField(part.fieldname);
      }
      fileName = cleanFileName(part.filename);
      await pipeline(part.file, fs.createWriteStream(target));
      if (part.file.truncated) throw fileTooLarge(options.maxBytes);
    }
    if (fileName === null) throw badRequest('FILE_REQUIRED', '请选择要上传的文件', fileField('缺少上传文件'));
    const { size } = await fs.promises.stat(target);
    if (size === 0) throw badRequest('FILE_EMPTY', '上传的文件是空的', fileField('文件为空'));
    const type = await detectFileType(target);
    if (!type || !options.accept.mimes.has(type.mime)) throw options.accept.refuse();
    if (!nameMatchesType(fileName, type)) {
      throw new AppError(
        'unsupported_media_type',
        'FILE_TYPE_MISMATCH',
        '文件内容与文件扩展名不符，请检查后重新上传',
        fileField('内容与扩展名不符'),
      );
    }
    return {
      path: target,
      fileName,
      size,
      type,
      fields,
      read: () => fs.promises.readFile(target),
      discard,
    };
  } catch (error) {
    await discard();
    throw multipartError(error, options.maxBytes);
  }
}

const unexpectedField = (name: string) =>
  badRequest('UNEXPECTED_FIELD', `不认识的表单字段：${name.slice(0, 50)}（文件应放在 file 字段）`, {
    fields: [{ field: name.slice(0, 50), message: '不允许的字段' }],
  });

/** The errors of @fastify/multipart and busboy as 4xx; file-system and unknown errors pass through. */
function multipartError(error: unknown, maxBytes: number): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return fileTooLarge(maxBytes);
    case 'FST_FILES_LIMIT':
      return badRequest('TOO_MANY_FILES', '一次只能上传一个文件', fileField('只能上传一个文件'));
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return badRequest('TOO_MANY_FIELDS', '表单字段过多', fileField('表单字段过多'));
  }
  // busboy reports a broken body (no boundary, a malformed part header, an unexpected end) as a plain
  // Error, and the stream of the file may end early (ERR_STREAM_PREMATURE_CLOSE); errors of the file
  // system (ENOSPC …, with a syscall) and programming errors are the server's.
  if (!(error instanceof Error) || 'syscall' in error || error instanceof TypeError || error instanceof ReferenceError)
    return error;
  return badRequest('MALFORMED_MULTIPART', '上传的内容不完整或格式不正确，请重新上传', fileField('上传内容格式不正确'));
}

/** A file name safe to show and to put in a header: no path, no control characters, bounded. */
export function cleanFileName(name: string | undefined): string {
  const base = path
    .basename((name ?? '').replaceAll('\\', '/'))
    .replace(/\p{Cc}|"/gu, '')
    .trim();
  return (base || '上传文件').slice(0, 200);
}

/**
 * @fastify/multipart for the whole app, registered once by buildApp; each route's limits are given
 * by `receiveUpload`. The plugin's own defaults are the tightest, for a route that forgets.
 */
export async function installUploads(app: FastifyInstance): Promise<void> {
  await app.register(fastifyMultipart, { limits: { fileSize: 1024 * 1024, files: 1, fields: 0, parts: 1 } });
}
