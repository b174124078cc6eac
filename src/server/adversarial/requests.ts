/**
 * Requests derived from a route's zod schemas, for the adversarial suite: a sample that passes
 * the route's validation (so that one bad field at a time reaches the code behind it), and the
 * bad variants of it: NUL-bearing and huge strings, ids beyond PostgreSQL's integer, wrong types,
 * an empty body, malformed JSON. Nothing here knows a particular route: a new route is covered by
 * the schemas it declares.
 */
import { z } from 'zod';
import type { RouteEntry } from '../platform/http';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** The parts of a JSON Schema (draft 2020-12, as zod writes it) the generator reads. */
interface JsonSchema {
  type?: string | string[];
  enum?: Json[];
  const?: Json;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  default?: Json;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

type RequestPart = 'params' | 'querystring' | 'body';

/** The first integer PostgreSQL's `integer` cannot hold. */
export const BEYOND_INT4 = 2 ** 31;
const HUGE_STRING_LENGTH = 60_000;

const isZod = (schema: unknown): schema is z.ZodType => schema instanceof z.ZodType;

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', cycles: 'ref' }) as JsonSchema;
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let i = 0; i < 10 && current.$ref; i++) {
    const ref: string = current.$ref;
    if (ref === '#') current = root;
    else if (ref.startsWith('#/$defs/')) current = root.$defs?.[ref.slice('#/$defs/'.length)] ?? {};
    else return {};
  }
  return current;
}

function typeOf(schema: JsonSchema): string | undefined {
  if (schema.enum || schema.const !== undefined) return 'enum';
  const t = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  if (t) return t;
  if (schema.properties) return 'object';
  return undefined;
}

/** Strings a field of that name is likely to accept; the repair loop tries the others too. */
const stringCandidates = [
  '2026-11-27',
  '2026-11',
  '2026-11-27T10:00:00+08:00',
  '13800138000',
  '91350100M000100Y43',
  'monthly:2026-12',
  '10:00',
  '2026',
  '1',
  'A1',
  'test',
  '测试内容',
  'https://example.com/a',
  'a@example.com',
];
const numberCandidates = [1, 2, 0, 5, 10, 2026, 100];

function stringFor(name: string, schema: JsonSchema): string {
  if (schema.format === 'date-time') return '2026-11-27T10:00:00+08:00';
  if (schema.format === 'date') return '2026-11-27';
  if (schema.format === 'email') return 'a@example.com';
  if (schema.format === 'uri' || schema.format === 'url') return 'https://example.com/a';
  const patterned = schema.pattern ? new RegExp(schema.pattern) : undefined;
  if (patterned) {
    const fit = stringCandidates.find((c) => patterned.test(c));
    if (fit) return fit;
  }
  const lower = name.toLowerCase();
  if (lower.includes('password')) return 'Adversarial-2026';
  if (/(^|_)(from|to|date|day)$|date/.test(lower) || lower.endsWith('day')) return '2026-11-27';
  if (/month|period/.test(lower)) return '2026-11';
  if (/at$/.test(name)) return '2026-11-27T10:00:00+08:00';
  if (/phone|mobile|from$/.test(lower)) return '13800138000';
  if (/taxpayerid/.test(lower)) return '91350100M000100Y43';
  const base = lower.includes('code') ? 'A1' : '测试内容';
  const min = schema.minLength ?? 0;
  const text = base.length >= min ? base : base.padEnd(min, '测');
  return schema.maxLength !== undefined ? text.slice(0, Math.max(schema.maxLength, 1)) : text;
}

function numberFor(schema: JsonSchema, isInteger: boolean): number {
  const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : undefined);
  const high = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : undefined);
  let value = low !== undefined && low > 1 ? low : 1;
  if (high !== undefined && value > high) value = high;
  return isInteger ? Math.ceil(value) : value;
}

/** A value of the schema: required properties only, the first enum member, the smallest number ≥ 1. */
function sampleOf(schema: JsonSchema, root: JsonSchema, name: string, depth: number): Json {
  const s = resolve(schema, root);
  const options = s.anyOf ?? s.oneOf;
  if (options) {
    // Nullable: null is the value a rule is least likely to refuse (a category without a parent).
    if (options.some((o) => typeOf(resolve(o, root)) === 'null')) return null;
    const first = options.map((o) => resolve(o, root)).find((o) => typeOf(o) !== 'null') ?? options[0] ?? {};
    return sampleOf(first, root, name, depth);
  }
  if (s.allOf?.[0]) return sampleOf(s.allOf[0], root, name, depth);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0] ?? null;
  if (s.default !== undefined && depth > 0) return s.default;
  switch (typeOf(s)) {
    case 'object': {
      const out: Record<string, Json> = {};
      if (depth > 6) return out;
      for (const key of s.required ?? []) out[key] = sampleOf(s.properties?.[key] ?? {}, root, key, depth + 1);
      return out;
    }
    case 'array': {
      if (depth > 6) return [];
      const count = Math.min(Math.max(s.minItems ?? 0, 2), s.maxItems ?? 2);
      const item = s.items ?? s.prefixItems?.[0] ?? {};
      return Array.from({ length: Math.min(count, 3) }, () => sampleOf(item, root, name, depth + 1));
    }
    case 'integer':
      return numberFor(s, true);
    case 'number':
      return numberFor(s, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return stringFor(name, s);
  }
}

function getAt(value: Json, path: Path): Json | undefined {
  let current: Json | undefined = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, Json>)[key];
  }
  return current;
}

function setAt(value: Json, path: Path, next: Json | undefined): Json {
  if (path.length === 0) return next ?? null;
  const [head, ...rest] = path as [string | number, ...Path];
  const container: Record<string | number, Json> | Json[] = Array.isArray(value)
    ? [...value]
    : value !== null && typeof value === 'object'
      ? { ...value }
      : typeof head === 'number'
        ? []
        : {};
  const child = setAt((container as Record<string | number, Json>)[head] ?? null, rest, next);
  if (rest.length === 0 && next === undefined) delete (container as Record<string | number, Json>)[head];
  else (container as Record<string | number, Json>)[head] = child;
  return container as Json;
}

/**
 * A value that passes the zod schema when the generator can find one: the JSON Schema's sample,
 * then each field zod refuses replaced by the next candidate (dates, months, phones, taxpayer ids …).
 */
export function validSample(schema: z.ZodType, asStrings: boolean): { value: Json; isValid: boolean } {
  const root = jsonSchemaOf(schema);
  let value = sampleOf(root, root, '', 0);
  const tried = new Map<string, number>();
  for (let round = 0; round < 16; round++) {
    const wire = asStrings ? stringified(value) : value;
    const result = schema.safeParse(wire);
    if (result.success) return { value, isValid: true };
    let changed = false;
    for (const issue of result.error.issues) {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
      if (issue.code === 'unrecognized_keys') continue;
      const key = JSON.stringify(path);
      const attempt = tried.get(key) ?? 0;
      tried.set(key, attempt + 1);
      const current = getAt(value, path);
      const candidates: Json[] =
        typeof current === 'number' ? numberCandidates : typeof current === 'string' ? stringCandidates : [];
      const next = candidates[attempt];
      if (next === undefined) {
        if (current === undefined && issue.code === 'invalid_type') {
          value = setAt(value, path, '测试内容');
          changed = true;
        }
        continue;
      }
      value = setAt(value, path, next);
      changed = true;
    }
    if (!changed) break;
  }
  return { value, isValid: false };
}

/** Query strings and path parameters travel as text. */
function stringified(value: Json): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, typeof v === 'number' || typeof v === 'boolean' ? String(v) : v]),
  );
}

export interface Leaf {
  path: Path;
  kind: 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'array' | 'object' | 'unknown';
}

/** Every field the schema declares, nested ones included, whether the sample sets it or not. */
function leavesOf(schema: JsonSchema, root: JsonSchema, path: Path, depth: number, out: Leaf[]): Leaf[] {
  const s = resolve(schema, root);
  const options = s.anyOf ?? s.oneOf;
  if (options) {
    const first = options.map((o) => resolve(o, root)).find((o) => typeOf(o) !== 'null');
    return first ? leavesOf(first, root, path, depth, out) : out;
  }
  const t = typeOf(s);
  if (t === 'object' && s.properties && depth < 4) {
    for (const [key, child] of Object.entries(s.properties)) leavesOf(child, root, [...path, key], depth + 1, out);
    return out;
  }
  if (t === 'array' && s.items && depth < 4) {
    leavesOf(s.items, root, [...path, 0], depth + 1, out);
    return out;
  }
  if (path.length > 0) {
    const kind = (['string', 'integer', 'number', 'boolean', 'enum', 'array', 'object'] as const).find((k) => k === t);
    out.push({ path, kind: kind ?? 'unknown' });
  }
  return out;
}

/** One request of the fuzz pass. */
export interface FuzzRequest {
  label: string;
  method: string;
  url: string;
  /** A raw body (sent as it is), or JSON. */
  payload?: string;
  contentType?: string;
}

interface Part {
  schema: z.ZodType;
  sample: Json;
  leaves: Leaf[];
}

function partOf(route: RouteEntry, part: RequestPart): Part | undefined {
  const schema = route.schema?.[part];
  if (!isZod(schema)) return undefined;
  const root = jsonSchemaOf(schema);
  const { value } = validSample(schema, part !== 'body');
  return { schema, sample: value, leaves: leavesOf(root, root, [], 0, []) };
}

function urlOf(route: RouteEntry, params: Json, query: Json): string {
  const values = (params ?? {}) as Record<string, Json>;
  let url = route.url.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(String(values[name] ?? '1')));
  url = url.replace(/\*$/, 'a');
  if (query && typeof query === 'object' && !Array.isArray(query)) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) search.append(key, String(v));
      else search.append(key, typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
    }
    const text = search.toString();
    if (text) url += `?${text}`;
  }
  return url;
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_LEAVES_PER_PART = 12;

/** A value of another type than the field's, to try the validation of each field. */
function wrongTypeOf(kind: Leaf['kind']): Json {
  switch (kind) {
    case 'string':
    case 'enum':
      return 12345;
    case 'integer':
    case 'number':
      return 'abc';
    case 'boolean':
      return 'maybe';
    case 'array':
      return { not: 'an array' };
    case 'object':
      return ['not an object'];
    default:
      return { unexpected: [1, 'x'] };
  }
}

/** The request the route's schemas accept (as far as the generator finds values for them). */
export function sampleRequestOf(route: RouteEntry): FuzzRequest {
  const params = partOf(route, 'params');
  const query = partOf(route, 'querystring');
  const body = partOf(route, 'body');
  const hasJsonBody = body !== undefined && typeOf(jsonSchemaOf(body.schema)) !== 'string';
  return {
    label: 'sample',
    method: route.method,
    url: urlOf(route, params?.sample ?? null, query?.sample ?? null),
    ...(hasJsonBody ? { payload: JSON.stringify(body.sample) } : {}),
  };
}

/**
 * The bad requests of one route: for every field (up to a dozen a part) a NUL-bearing string and,
 * for numbers, an id beyond PostgreSQL's integer; then every field of a wrong type at once, every
 * string huge at once, and for writes an empty object, `null`, an array and malformed JSON.
 */
export function fuzzRequestsOf(route: RouteEntry): FuzzRequest[] {
  const params = partOf(route, 'params');
  const query = partOf(route, 'querystring');
  const body = partOf(route, 'body');
  const base = { params: params?.sample ?? null, query: query?.sample ?? null, body: body?.sample };
  const hasJsonBody = body !== undefined && typeOf(jsonSchemaOf(body.schema)) !== 'string';
  const build = (label: string, variant: Partial<Record<'params' | 'query', Json>> & { body?: Json }) => {
    const payload = 'body' in variant ? variant.body : base.body;
    return {
      label,
      method: route.method,
      url: urlOf(route, variant.params ?? base.params, variant.query ?? base.query),
      ...(payload !== undefined && hasJsonBody ? { payload: JSON.stringify(payload) } : {}),
    } satisfies FuzzRequest;
  };
  const out: FuzzRequest[] = [];
  const parts = [
    ['params', params],
    ['query', query],
    ['body', hasJsonBody ? body : undefined],
  ] as const;
  for (const [name, part] of parts) {
    if (!part) continue;
    const current = name === 'params' ? base.params : name === 'query' ? base.query : base.body;
    for (const leaf of part.leaves.slice(0, MAX_LEAVES_PER_PART)) {
      const where = `${name}.${leaf.path.join('.')}`;
      if (leaf.kind === 'string' || leaf.kind === 'unknown') {
        out.push(build(`NUL in ${where}`, { [name]: setAt(current ?? {}, leaf.path, 'a\u0000b') }));
      }
      if (leaf.kind === 'integer' || leaf.kind === 'number' || (name === 'params' && leaf.kind === 'string')) {
        out.push(build(`2^31 in ${where}`, { [name]: setAt(current ?? {}, leaf.path, BEYOND_INT4) }));
      }
    }
    let wrong: Json = current ?? {};
    let huge: Json = current ?? {};
    for (const leaf of part.leaves) {
      wrong = setAt(wrong, leaf.path, name === 'body' ? wrongTypeOf(leaf.kind) : 'x\u00a0%');
      if (leaf.kind === 'string') huge = setAt(huge, leaf.path, 'x'.repeat(HUGE_STRING_LENGTH));
    }
    if (part.leaves.length > 0) out.push(build(`wrong types in ${name}`, { [name]: wrong }));
    if (part.leaves.some((l) => l.kind === 'string') && name !== 'params') {
      out.push(build(`huge strings in ${name}`, { [name]: huge }));
    }
  }
  if (hasJsonBody) {
    out.push(build('empty object body', { body: {} }));
    out.push(build('null body', { body: null }));
    out.push(build('array body', { body: [] }));
  }
  if (unsafeMethods.has(route.method)) {
    out.push({ ...build('malformed JSON', {}), payload: '{"a": [1, 2', contentType: 'application/json' });
  }
  // Without a query schema a route ignores the query: the request would be a valid one, not a fuzz.
  if (query)
    out.push(build('unknown query parameter', { query: { ...((base.query as object | null) ?? {}), zz: 'x' } }));
  return out;
}
