// Keyset (cursor) pagination shared by every list. The cursor is opaque to clients (base64url JSON);
// a forged cursor can only move the window inside rows the caller may already see (RLS still applies).
import { z } from '@hono/zod-openapi';
import { AppError } from '../errors.ts';

export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25).openapi({ description: 'Page size (1–100)' }),
  cursor: z.string().max(512).optional().openapi({ description: 'Opaque cursor from the previous page' }),
};

export type Cursor = { k: string | number; id: string };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.k, c.id])).toString('base64url');
}

const cursorShape = z.tuple([z.union([z.string().max(300), z.number()]), z.uuid()]);

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (raw === undefined) return undefined;
  try {
    const parsed = cursorShape.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return { k: parsed[0], id: parsed[1] };
  } catch {
    throw new AppError('validation_failed', 'Invalid cursor', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
  }
}

/** Takes limit+1 rows; returns the page and the cursor of its last row when more exist. */
export function page<T>(rows: T[], limit: number, key: (row: T) => Cursor): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null };
}

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
