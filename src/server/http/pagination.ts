// Keyset (cursor) pagination shared by every list. The cursor is opaque to clients (base64url JSON);
// a forged cursor can only move the window inside rows the caller may already see (RLS still applies).
import { z } from '@hono/zod-openapi';
import { gt, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { AppError } from '../errors.ts';

export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25).openapi({ description: 'Page size (1–100)' }),
  cursor: z.string().max(512).optional().openapi({ description: 'Opaque cursor from the previous page' }),
};

export type Cursor = { k: string | number; id: string };

/** `scope` (e.g. the organization id) binds a cursor to the list it came from. */
export function encodeCursor(c: Cursor, scope?: string): string {
  return Buffer.from(JSON.stringify(scope === undefined ? [c.k, c.id] : [c.k, c.id, scope])).toString('base64url');
}

const cursorKey = z.union([z.string().max(300), z.number()]);
const cursorShape = z.union([z.tuple([cursorKey, z.uuid()]), z.tuple([cursorKey, z.uuid(), z.string().max(100)])]);

const invalidCursor = () =>
  new AppError('validation_failed', 'Invalid cursor', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });

/** A cursor encoded with another scope (another organization's list) is refused, not reinterpreted. */
export function decodeCursor(raw: string | undefined, scope?: string): Cursor | undefined {
  if (raw === undefined) return undefined;
  let parsed: z.infer<typeof cursorShape>;
  try {
    parsed = cursorShape.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw invalidCursor();
  }
  if (parsed[2] !== scope) throw invalidCursor();
  return { k: parsed[0], id: parsed[1] };
}

/**
 * Keyset condition on a uuid v7 id column. Ids are generated in time order, so "newest first" or
 * "oldest first" lists page on the id alone: exact, unlike timestamps rounded to milliseconds in JS.
 */
export function afterId(column: AnyColumn, cursor: Cursor | undefined, order: 'asc' | 'desc'): SQL | undefined {
  if (!cursor) return undefined;
  return order === 'asc' ? gt(column, cursor.id) : lt(column, cursor.id);
}

/** Takes limit+1 rows; returns the page and the cursor of its last row when more exist. */
export function page<T>(rows: T[], limit: number, key: (row: T) => Cursor, scope?: string): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(key(last), scope) : null };
}

/**
 * A timestamptz column as a cursor key: ISO 8601 UTC at full (microsecond) precision. A JS Date keeps
 * only milliseconds, which repeats or skips rows at page boundaries.
 */
export const timestampKey = (column: AnyColumn) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const ISO_MICROS = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The SQL value of a timestampKey cursor, checked to be a real instant first so the cast cannot fail (a 500). */
export function cursorTimestamp(c: Cursor): SQL {
  const k = c.k;
  if (typeof k !== 'string' || !ISO_MICROS.test(k)) throw invalidCursor();
  const millis = `${k.slice(0, 23)}Z`;
  const d = new Date(millis);
  if (Number.isNaN(d.getTime()) || d.toISOString() !== millis) throw invalidCursor();
  return sql`${k}::timestamptz`;
}

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
