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
const INTEGER = /^-?\d{1,19}$/;
const INTEGER_RANGE: Record<string, readonly [bigint, bigint]> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

/** A real day PostgreSQL accepts (Date.parse takes 2025-02-30 and year 0). */
function isCalendarDay(k: string): boolean {
  if (!DATE.test(k) || k.startsWith('0000')) return false;
  const d = new Date(`${k}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === k;
}

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
  const range = INTEGER_RANGE[type];
  const ok = range
    ? INTEGER.test(k) && BigInt(k) >= range[0] && BigInt(k) <= range[1]
    : type.startsWith('numeric') || type.startsWith('double') || type === 'real'
      ? NUMBER.test(k)
      : type === 'date'
        ? isCalendarDay(k)
        : type === 'uuid'
          ? UUID.test(k)
          : k.length <= 1000 && !k.includes('\u0000');
  if (!ok) throw invalid();
  // numeric(p, s) would overflow on a key beyond its precision: compare against an unconstrained numeric.
  return sql`${k}::${sql.raw(type.startsWith('numeric') ? 'numeric' : type)}`;
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
