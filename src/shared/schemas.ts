/**
 * The zod pieces every module's request and response schemas are made of, written once. Server
 * routes validate with them and the web app infers its types from the module schemas built on them
 * (src/shared/<module>.ts). No Node imports: the web app bundles this file.
 */
import { z } from 'zod';

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isValidDate(value: string): boolean {
  if (!isoDatePattern.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}

/** A calendar date, YYYY-MM-DD (Asia/Shanghai by convention). */
export const date = z.string().refine(isValidDate, '须为有效日期，格式 YYYY-MM-DD');

/** The largest id PostgreSQL's `integer` holds: a bigger one is a 400, not a database error. */
export const MAX_ID = 2_147_483_647;

/** A row id in a path, query or body (strings from a path or query are coerced). */
export const id = z.coerce.number().int().positive().max(MAX_ID, '编号超出范围');

/** A row id in a JSON body: a number, never a numeric string, within PostgreSQL's `integer`. */
export const bodyId = z.number().int().positive().max(MAX_ID, '编号超出范围');

/** `/:id` path parameters. */
export const idParams = z.strictObject({ id });

/** Required text: trimmed, not empty, at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字`);

/** Optional text in a create or a query: blank or missing is `undefined`. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `不能超过 ${max} 个字`)
    .optional()
    .transform((v) => v || undefined);

/** Text a PATCH may clear: missing keeps the stored value, `null` or blank clears it (`null`). */
export const clearableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `不能超过 ${max} 个字`)
    .nullish()
    .transform((v) => (v === undefined ? undefined : v || null));

/** An instant in a response: ISO-8601, as the API shows it (`2026-11-27T10:00:00+08:00`). */
export const instant = z.string();

/** The error body every 4xx and 5xx carries. */
export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** A page of a keyset-paged list. */
export const keysetPage = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** A page of an offset-paged list with the count of every row the filters match. */
export const countedPage = <T extends z.ZodType>(item: T) => z.object({ total: z.number(), items: z.array(item) });

/** The type of a `countedPage` of `T`, for generic code such as a paged table. */
export type CountedPage<T> = z.infer<ReturnType<typeof countedPage<z.ZodType<T>>>>;

/** The response of a route that answers 204 with no body. */
export const noContent = z.void().describe('无内容');

/** The response of a route that answers with a file or a stream instead of JSON: its content type in OpenAPI. */
export const fileResponse = (contentType: string, description: string) => ({
  description,
  content: { [contentType]: { schema: z.unknown().meta({ type: 'string', format: 'binary' }) } },
});
