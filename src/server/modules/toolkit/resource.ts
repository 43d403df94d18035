// The resource toolkit (X4): a module declares a resource once — table, schemas, filters, sorts —
// and gets list / get / create / update / delete with permission checks, withTenant, validation,
// cursor pagination, soft delete, audit and events, and OpenAPI docs. Custom endpoints reuse the
// same service functions.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { and, asc, desc, eq, ilike, isNull, or, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppEnv } from '../../http/env.ts';
import { errors, json, jsonBody } from '../../http/openapi.ts';
import { decodeCursor, encodeCursor } from '../../http/pagination.ts';
import { requirePermission, type Permission } from '../../tenancy/permissions.ts';
import { withTenant, type TenantContext } from '../../tenancy/with-tenant.ts';
import { recordChange } from '../../platform/audit/record.ts';
import { diff } from '../../platform/audit/redact.ts';
import { escapeLike } from '../../platform/organizations/service.ts';
import { OrgParam } from '../../platform/organizations/schemas.ts';
import { afterKey, cursorScope, keyExpression } from './keyset.ts';

type Row = Record<string, unknown>;
type TenantTableShape = PgTable & { organizationId: PgColumn; id: PgColumn; deletedAt?: PgColumn };

export type Filter = { schema: z.ZodType; where: (value: never) => SQL | undefined };

export type ResourceSpec<V extends z.ZodType, C extends z.ZodObject, U extends z.ZodObject> = {
  module: string;
  /** Path segment and OpenAPI tag part, e.g. 'invoices'. */
  name: string;
  /** Permission-table resource, e.g. 'invoices' → invoices:read/create/update/delete. */
  permission: string;
  /** Audit target type, e.g. 'invoice'. */
  targetType: string;
  table: TenantTableShape;
  view: V;
  toView: (row: Row) => z.infer<V>;
  create: C;
  update: U;
  filters?: Record<string, Filter>;
  /** Columns searched by `q` (case-insensitive substring). */
  search?: PgColumn[];
  /** NOT NULL columns a client may sort by. */
  sort: Record<string, PgColumn>;
  defaultSort: { field: string; order: 'asc' | 'desc' };
  /** Delete sets deleted_at instead of removing the row; deleted rows disappear from list and get. */
  softDelete?: boolean;
  events?: { created?: string; updated?: string; deleted?: string };
  hooks?: {
    /** Turns validated input into column values (e.g. checks references, computes fields). */
    beforeCreate?: (tx: Tx, ctx: TenantContext, input: z.infer<C>) => Promise<Row>;
    beforeUpdate?: (tx: Tx, ctx: TenantContext, existing: Row, patch: z.infer<U>) => Promise<Row>;
    beforeDelete?: (tx: Tx, ctx: TenantContext, existing: Row) => Promise<void>;
  };
};

export type ListQuery = { limit: number; cursor?: string; sort?: string; order?: 'asc' | 'desc'; q?: string } & Record<string, unknown>;

export function defineResource<V extends z.ZodType, C extends z.ZodObject, U extends z.ZodObject>(spec: ResourceSpec<V, C, U>) {
  const t = spec.table;
  const perm = (action: string) => `${spec.permission}:${action}` as Permission;
  const live = spec.softDelete && t.deletedAt ? isNull(t.deletedAt) : undefined;
  const notFound = () => new AppError('not_found', `${spec.targetType} not found`);
  const sortFields = Object.keys(spec.sort) as [string, ...string[]];

  /** The row inside the caller's transaction, locked for update when asked; 404 if absent or deleted. */
  async function load(tx: Tx, id: string, forUpdate = false): Promise<Row> {
    const q = tx.select().from(t as PgTable).where(and(eq(t.id, id), live));
    const [row] = (await (forUpdate ? q.for('update') : q)) as Row[];
    if (!row) throw notFound();
    return row;
  }

  async function list(db: Database, ctx: TenantContext, query: ListQuery) {
    requirePermission(ctx.permissions, perm('read'));
    const field = query.sort ?? spec.defaultSort.field;
    const order = query.order ?? spec.defaultSort.order;
    const column = spec.sort[field]!;
    const scope = cursorScope(ctx.orgId, spec.module, spec.name, field, order);
    const after = decodeCursor(query.cursor, scope);
    const where: (SQL | undefined)[] = [live, afterKey(column, t.id, after, order)];
    for (const [key, filter] of Object.entries(spec.filters ?? {})) {
      if (query[key] !== undefined) where.push(filter.where(query[key] as never));
    }
    if (query.q && spec.search?.length) where.push(or(...spec.search.map((c) => ilike(c, `%${escapeLike(query.q!)}%`))));
    const direction = order === 'asc' ? asc : desc;
    const rows = (await withTenant(db, ctx, (tx) =>
      tx
        .select({ row: t as PgTable, key: keyExpression(column) })
        .from(t as PgTable)
        .where(and(...where))
        .orderBy(direction(column), direction(t.id))
        .limit(query.limit + 1),
    )) as unknown as { row: Row; key: string }[];
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => spec.toView(r.row)),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ k: last.key, id: String(last.row.id) }, scope) : null,
    };
  }

  async function get(db: Database, ctx: TenantContext, id: string) {
    requirePermission(ctx.permissions, perm('read'));
    return spec.toView(await withTenant(db, ctx, (tx) => load(tx, id)));
  }

  async function create(db: Database, ctx: TenantContext, input: z.infer<C>) {
    requirePermission(ctx.permissions, perm('create'));
    return withTenant(db, ctx, async (tx) => {
      const values = spec.hooks?.beforeCreate ? await spec.hooks.beforeCreate(tx, ctx, input) : (input as Row);
      const [row] = (await tx.insert(t as PgTable).values({ ...values, organizationId: ctx.orgId } as never).returning()) as Row[];
      const view = spec.toView(row!);
      await recordChange(
        tx,
        ctx.orgId,
        { action: `${spec.targetType}.created`, targetType: spec.targetType, targetId: String(row!.id), changes: { after: view } },
        spec.events?.created ? { type: spec.events.created, payload: { id: row!.id } } : undefined,
      );
      return view;
    });
  }

  async function update(db: Database, ctx: TenantContext, id: string, patch: z.infer<U>) {
    requirePermission(ctx.permissions, perm('update'));
    return withTenant(db, ctx, async (tx) => {
      const existing = await load(tx, id, true);
      const values = spec.hooks?.beforeUpdate ? await spec.hooks.beforeUpdate(tx, ctx, existing, patch) : (patch as Row);
      const [row] = (await tx
        .update(t as PgTable)
        .set({ ...values, ...('updatedAt' in t ? { updatedAt: new Date() } : {}) } as never)
        .where(eq(t.id, id))
        .returning()) as Row[];
      const view = spec.toView(row!);
      await recordChange(
        tx,
        ctx.orgId,
        { action: `${spec.targetType}.updated`, targetType: spec.targetType, targetId: id, changes: diff(spec.toView(existing) as Row, view as Row) },
        spec.events?.updated ? { type: spec.events.updated, payload: { id } } : undefined,
      );
      return view;
    });
  }

  async function remove(db: Database, ctx: TenantContext, id: string) {
    requirePermission(ctx.permissions, perm('delete'));
    return withTenant(db, ctx, async (tx) => {
      const existing = await load(tx, id, true);
      await spec.hooks?.beforeDelete?.(tx, ctx, existing);
      if (spec.softDelete) await tx.update(t as PgTable).set({ deletedAt: new Date() } as never).where(eq(t.id, id));
      else await tx.delete(t as PgTable).where(eq(t.id, id));
      await recordChange(
        tx,
        ctx.orgId,
        { action: `${spec.targetType}.deleted`, targetType: spec.targetType, targetId: id, changes: { before: spec.toView(existing) } },
        spec.events?.deleted ? { type: spec.events.deleted, payload: { id } } : undefined,
      );
      return { deleted: id, soft: !!spec.softDelete };
    });
  }

  /** Registers the five standard routes on a module router (mounted at /orgs/{org}/{module}). */
  function register(r: OpenAPIHono<AppEnv>, db: Database) {
    const tags = [`${spec.module}: ${spec.name}`];
    const base = `/orgs/{org}/${spec.module}/${spec.name}`;
    const IdParams = OrgParam.extend({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
    const filterShape = Object.fromEntries(Object.entries(spec.filters ?? {}).map(([k, f]) => [k, f.schema.optional()]));
    const ListQuerySchema = z
      .object({
        limit: z.coerce.number().int().min(1).max(100).default(25),
        cursor: z.string().max(512).optional(),
        sort: z.enum(sortFields).optional(),
        order: z.enum(['asc', 'desc']).optional(),
        ...(spec.search?.length ? { q: z.string().max(100).optional() } : {}),
        ...filterShape,
      })
      .strict();
    const refusals = { 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] };
    const Page = z.object({ items: z.array(spec.view), nextCursor: z.string().nullable() });
    r.openapi(
      createRoute({ method: 'get', path: base, tags, summary: `List ${spec.name}`, request: { params: OrgParam, query: ListQuerySchema }, responses: { 200: json(Page, 'A page'), 400: errors[400], ...refusals } }),
      async (c) => c.json(await list(db, c.var.tenant, c.req.valid('query') as ListQuery), 200) as never,
    );
    r.openapi(
      createRoute({ method: 'get', path: `${base}/{id}`, tags, summary: `Get one of ${spec.name}`, request: { params: IdParams }, responses: { 200: json(spec.view, 'Found'), ...refusals } }),
      async (c) => c.json(await get(db, c.var.tenant, c.req.valid('param').id), 200) as never,
    );
    r.openapi(
      createRoute({ method: 'post', path: base, tags, summary: `Create in ${spec.name}`, request: { params: OrgParam, body: jsonBody(spec.create) }, responses: { 201: json(spec.view, 'Created'), 400: errors[400], 415: errors[415], ...refusals } }),
      async (c) => c.json(await create(db, c.var.tenant, validated<z.infer<C>>(c, 'json')), 201) as never,
    );
    r.openapi(
      createRoute({ method: 'patch', path: `${base}/{id}`, tags, summary: `Update one of ${spec.name}`, request: { params: IdParams, body: jsonBody(spec.update) }, responses: { 200: json(spec.view, 'Updated'), 400: errors[400], 415: errors[415], ...refusals } }),
      async (c) => c.json(await update(db, c.var.tenant, validated<{ id: string }>(c, 'param').id, validated<z.infer<U>>(c, 'json')), 200) as never,
    );
    r.openapi(
      createRoute({ method: 'delete', path: `${base}/{id}`, tags, summary: `Delete one of ${spec.name}${spec.softDelete ? ' (soft)' : ''}`, request: { params: IdParams }, responses: { 200: json(z.object({ deleted: z.uuid(), soft: z.boolean() }), 'Deleted'), ...refusals } }),
      async (c) => c.json(await remove(db, c.var.tenant, c.req.valid('param').id), 200) as never,
    );
  }

  return { spec, load, list, get, create, update, remove, register };
}

/** Generic schemas defeat the route typing; the validator has already run, so this is only a cast. */
function validated<T>(c: unknown, target: 'json' | 'param' | 'query'): T {
  return (c as { req: { valid: (t: string) => T } }).req.valid(target);
}

export type Resource = ReturnType<typeof defineResource>;
