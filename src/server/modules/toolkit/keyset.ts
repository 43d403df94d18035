// Keyset pagination over any NOT NULL sort column plus the uuid id. Cursor keys travel as text and
// are validated for the column's type before they reach SQL, so a tampered cursor is a 400, never a
// 500; and a cursor is bound to its organization, resource and sort, so it cannot be replayed elsewhere.
import { createHash } from 'node:crypto';
import { and, eq, gt, lt, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { AppError } from '../../errors.ts';
import { cursorTimestamp, timestampKey, type Cursor } from '../../http/pagination.ts';

const invalid = () => new AppError('validation_failed', 'Invalid cursor', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });

const NUMBER = /^-?\d{1,30}(\.\d{1,30})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isTimestamp = (c: PgColumn) => c.getSQLType().startsWith('timestamp');

/** The column as the cursor sees it: full-precision text. */
export function keyExpression(column: PgColumn): SQL<string> {
  return isTimestamp(column) ? timestampKey(column) : sql<string>`${column}::text`;
}

/** The SQL value of a cursor key for this column, after checking it has the column's shape. */
function keyValue(column: PgColumn, cursor: Cursor): SQL {
  if (isTimestamp(column)) return cursorTimestamp(cursor);
  const k = cursor.k;
  if (typeof k !== 'string') throw invalid();
  const type = column.getSQLType();
  const ok =
    type.startsWith('numeric') || type === 'integer' || type === 'bigint' || type === 'smallint' || type.startsWith('double') || type === 'real'
      ? NUMBER.test(k)
      : type === 'date'
        ? DATE.test(k) && !Number.isNaN(Date.parse(k))
        : type === 'uuid'
          ? UUID.test(k)
          : k.length <= 1000;
  if (!ok) throw invalid();
  return sql`${k}::${sql.raw(type)}`;
}

/** Rows strictly after the cursor in (column, id) order. */
export function afterKey(column: PgColumn, id: PgColumn, cursor: Cursor | undefined, order: 'asc' | 'desc'): SQL | undefined {
  if (!cursor) return undefined;
  const value = keyValue(column, cursor);
  const beyond = order === 'asc' ? gt : lt;
  return or(beyond(column, value), and(eq(column, value), beyond(id, cursor.id)));
}

/** A short, stable scope for a list's cursors. */
export const cursorScope = (...parts: string[]) => createHash('sha256').update(parts.join('|')).digest('base64url').slice(0, 22);
