// Catalog-driven fixtures for the isolation contract suite. Nothing here knows a table by name (except
// the tenant root, organizations): columns, types, check constraints, keys and foreign keys are read from
// the live database, so a table a module adds later gets valid rows without extra code.
//
// Values travel as text and are cast to the column's type (`cast(cast($n as text) as "schema"."type")`),
// so both drivers send plain strings and the server parses them; type names come from the catalog,
// never from input. When a module's column needs a value these rules cannot guess (a regex check, say),
// add a hint below keyed "table.column".
import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../src/server/db/client.ts';
import { rowsOf } from '../../src/server/db/client.ts';
import { RUNTIME_ROLE } from '../../src/server/tenancy/tenant-table.ts';

/** The tenant root: scoped by its own id. Every other tenant table is scoped by organization_id. */
export const ROOT = 'organizations';
export const TENANT_COLUMN = 'organization_id';

/** Values for columns whose constraints the generic rules cannot satisfy: "table.column" → value. */
export const hints: Record<string, (n: number) => string> = {};

/**
 * Nullable foreign keys the fixtures fill anyway ("table.column"), for tables whose check constraints
 * need one of several nullable columns set (a participant is a member OR an external person).
 */
export const fillNullableForeignKeys = new Set<string>(['projects_participants.membership_id']);

/** A row as text (every column cast to text on the way out), null for SQL NULL. */
export type Row = Record<string, string | null>;

export type Column = {
  name: string;
  typeSchema: string;
  typeName: string;
  baseType: string;
  category: string;
  enumLabels: string[];
  notNull: boolean;
  hasDefault: boolean;
  generated: boolean;
  maxLength: number | null;
};
export type ForeignKey = { name: string; columns: string[]; refTable: string; refColumns: string[] };
export type UniqueIndex = { name: string; primary: boolean; predicate: string | null; columns: string[] };
export type Privilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

export type TableInfo = {
  name: string;
  root: boolean;
  tenant: boolean;
  /** The column the tenant policy compares with app.org_id. */
  tenantColumn: string;
  columns: Column[];
  primaryKey: string[];
  foreignKeys: ForeignKey[];
  uniqueIndexes: UniqueIndex[];
  /** Enum-like check constraints: column → allowed literals. */
  allowed: Map<string, string[]>;
  /** Literals in partial unique index predicates (values to avoid, so two fixture rows never collide). */
  avoid: Set<string>;
  rls: boolean;
  forced: boolean;
  owner: string;
  privileges: Record<Privilege, boolean>;
  column(name: string): Column;
};

const SCHEMA = 'public';

/** The tenant tables, found the same way tenantry_harden() finds them: an organization_id column, plus the root. */
export async function discoverTenantTables(db: Database): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `select c.table_name::text as name
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = $1 and c.column_name = $2 and t.table_type = 'BASE TABLE'
     union
     select $3::text where to_regclass($1 || '.' || $3) is not null
     order by 1`,
    [SCHEMA, TENANT_COLUMN, ROOT],
  );
  return rows.map((r) => r.name);
}

export class Catalog {
  readonly db: Database;
  readonly #tables = new Map<string, Promise<TableInfo>>();

  constructor(db: Database) {
    this.db = db;
  }

  table(name: string): Promise<TableInfo> {
    let info = this.#tables.get(name);
    if (!info) {
      info = loadTable(this.db, name);
      this.#tables.set(name, info);
    }
    return info;
  }
}

async function loadTable(db: Database, name: string): Promise<TableInfo> {
  const columns = await db.query<Column>(
    `select a.attname::text as name, tn.nspname::text as "typeSchema", t.typname::text as "typeName",
        coalesce(bt.typname, t.typname)::text as "baseType", coalesce(bt.typcategory, t.typcategory)::text as category,
        array(select e.enumlabel::text from pg_enum e where e.enumtypid = coalesce(bt.oid, t.oid) order by e.enumsortorder) as "enumLabels",
        a.attnotnull as "notNull", a.atthasdef as "hasDefault", (a.attgenerated <> '' or a.attidentity <> '') as generated,
        case when coalesce(bt.typname, t.typname) in ('varchar', 'bpchar') and a.atttypmod > 4 then a.atttypmod - 4 end as "maxLength"
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
       join pg_type t on t.oid = a.atttypid join pg_namespace tn on tn.oid = t.typnamespace
       left join pg_type bt on t.typtype = 'd' and bt.oid = t.typbasetype
      where n.nspname = $1 and c.relname = $2 and a.attnum > 0 and not a.attisdropped
      order by a.attnum`,
    [SCHEMA, name],
  );
  if (columns.length === 0) throw new Error(`table ${SCHEMA}.${name} not found in the catalog`);

  const foreignKeys = await db.query<ForeignKey>(
    `select con.conname::text as name, rc.relname::text as "refTable",
        array(select a.attname::text from unnest(con.conkey) with ordinality k(n, i)
                join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.i) as columns,
        array(select a.attname::text from unnest(con.confkey) with ordinality k(n, i)
                join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.i) as "refColumns"
       from pg_constraint con
       join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
       join pg_class rc on rc.oid = con.confrelid
      where con.contype = 'f' and n.nspname = $1 and c.relname = $2
      order by con.conname`,
    [SCHEMA, name],
  );

  const checks = await db.query<{ def: string; columns: string[] }>(
    `select pg_get_constraintdef(con.oid) as def,
        array(select a.attname::text from unnest(con.conkey) k(n) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n) as columns
       from pg_constraint con
       join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
      where con.contype = 'c' and n.nspname = $1 and c.relname = $2
      order by con.conname`,
    [SCHEMA, name],
  );

  const uniqueIndexes = await db.query<UniqueIndex>(
    `select i.relname::text as name, x.indisprimary as primary, pg_get_expr(x.indpred, x.indrelid) as predicate,
        array(select coalesce(a.attname::text, '(expression)') from unnest(x.indkey::int2[]) with ordinality k(n, i)
                left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.n
               where k.i <= x.indnkeyatts order by k.i) as columns
       from pg_index x
       join pg_class i on i.oid = x.indexrelid
       join pg_class c on c.oid = x.indrelid join pg_namespace n on n.oid = c.relnamespace
      where x.indisunique and n.nspname = $1 and c.relname = $2
      order by i.relname`,
    [SCHEMA, name],
  );

  const [flags] = await db.query<{ rls: boolean; forced: boolean; owner: string } & Record<Privilege, boolean>>(
    `select c.relrowsecurity as rls, c.relforcerowsecurity as forced, pg_get_userbyid(c.relowner)::text as owner,
        has_table_privilege($3, c.oid, 'SELECT') as "SELECT", has_table_privilege($3, c.oid, 'INSERT') as "INSERT",
        has_table_privilege($3, c.oid, 'UPDATE') as "UPDATE", has_table_privilege($3, c.oid, 'DELETE') as "DELETE"
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relname = $2`,
    [SCHEMA, name, RUNTIME_ROLE],
  );
  if (!flags) throw new Error(`table ${SCHEMA}.${name} not found in pg_class`);

  const allowed = new Map<string, string[]>();
  for (const check of checks) {
    const [column] = check.columns;
    if (check.columns.length !== 1 || !column || allowed.has(column)) continue;
    const values = enumLiterals(check.def);
    if (values.length > 0) allowed.set(column, values);
  }
  const avoid = new Set(uniqueIndexes.flatMap((u) => (u.predicate ? literals(u.predicate) : [])));

  const root = name === ROOT;
  const byName = new Map(columns.map((c) => [c.name, c]));
  const pk = uniqueIndexes.find((u) => u.primary);
  return {
    name,
    root,
    tenant: root || byName.has(TENANT_COLUMN),
    tenantColumn: root ? 'id' : TENANT_COLUMN,
    columns,
    primaryKey: pk?.columns ?? [],
    foreignKeys,
    uniqueIndexes,
    allowed,
    avoid,
    rls: flags.rls,
    forced: flags.forced,
    owner: flags.owner,
    privileges: { SELECT: flags.SELECT, INSERT: flags.INSERT, UPDATE: flags.UPDATE, DELETE: flags.DELETE },
    column(c: string) {
      const found = byName.get(c);
      if (!found) throw new Error(`${name}.${c} is not a column`);
      return found;
    },
  };
}

const literals = (text: string) => [...text.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));

/**
 * The allowed values of an enum-like check: `x IN ('A','B')` (shown by PostgreSQL as
 * `x = ANY (ARRAY['A'::text, 'B'::text])`) or `x = 'A'`. Anything else (ranges, NOT IN, regexes) is not enum-like.
 */
export function enumLiterals(def: string): string[] {
  if (/\bNOT\b|<>/i.test(def)) return [];
  if (!/(?<![<>!])=\s*ANY\s*\(|\bIN\s*\(|(?<![<>!])=\s*'/i.test(def)) return [];
  return literals(def);
}

// ---- SQL builders (drizzle, for transactions) ----

const id = (name: string) => sql.identifier(name);
const typeOf = (c: Column) => sql`${sql.identifier(c.typeSchema)}.${sql.identifier(c.typeName)}`;

/** A bound value cast to the column's type. */
export const valueOf = (c: Column, v: string | null): SQL => (v === null ? sql`null` : sql`cast(cast(${v} as text) as ${typeOf(c)})`);

/** `col1::text as col1, ...` — rows come back as text on both drivers. */
export const asText = (names: string[]): SQL => sql.join(names.map((n) => sql`${id(n)}::text as ${id(n)}`), sql`, `);

/** `pk1 = v1 and pk2 = v2` for the row's primary key. */
export function byKey(info: TableInfo, row: Row): SQL {
  if (info.primaryKey.length === 0) throw new Error(`${info.name} has no primary key`);
  return sql.join(
    info.primaryKey.map((k) => sql`${id(k)} = ${valueOf(info.column(k), row[k] ?? null)}`),
    sql` and `,
  );
}

export function insertSql(info: TableInfo, values: Row, returning: string[] = info.primaryKey): SQL {
  const names = Object.keys(values);
  const target = id(info.name);
  const body =
    names.length === 0
      ? sql`default values`
      : sql`(${sql.join(names.map(id), sql`, `)}) values (${sql.join(
          names.map((n) => valueOf(info.column(n), values[n] ?? null)),
          sql`, `,
        )})`;
  return sql`insert into ${target} ${body} returning ${asText(returning)}`;
}

/** `set a = v1, b = v2` */
export function setSql(info: TableInfo, values: Row): SQL {
  return sql.join(
    Object.entries(values).map(([n, v]) => sql`${id(n)} = ${valueOf(info.column(n), v)}`),
    sql`, `,
  );
}

// ---- SQL builder (text + parameters, for the owner connection) ----

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function insertText(info: TableInfo, values: Row): { text: string; params: unknown[] } {
  const names = Object.keys(values);
  const returning = info.columns.map((c) => `${quote(c.name)}::text as ${quote(c.name)}`).join(', ');
  if (names.length === 0) return { text: `insert into ${quote(info.name)} default values returning ${returning}`, params: [] };
  const params: unknown[] = [];
  const casts = names.map((n) => {
    const c = info.column(n);
    const v = values[n] ?? null;
    if (v === null) return 'null';
    params.push(v);
    return `cast(cast($${params.length} as text) as ${quote(c.typeSchema)}.${quote(c.typeName)})`;
  });
  return {
    text: `insert into ${quote(info.name)} (${names.map(quote).join(', ')}) values (${casts.join(', ')}) returning ${returning}`,
    params,
  };
}

// ---- values ----

const tag = randomBytes(3).toString('hex');
let sequence = 0;

function textValue(table: string, c: Column, n: number): string {
  const name = c.name.toLowerCase();
  let v: string;
  if (name.includes('email')) v = `ct-${n}-${tag}@example.com`;
  else if (/url|uri|website|link|logo|image|avatar/.test(name)) v = `https://example.com/ct-${n}-${tag}`;
  else if (name.includes('currency')) v = 'EUR';
  else if (/^(language|locale|lang)$/.test(name)) v = 'en';
  else if (/timezone|time_zone/.test(name)) v = 'UTC';
  else if (name.includes('country')) v = 'US';
  else if (name.includes('phone')) v = `+1555${String(n).padStart(7, '0')}`;
  else if (/colou?r/.test(name)) v = '#336699';
  else if (/slug|key|code|handle/.test(name)) v = `ct-${n}-${tag}`;
  else v = `ct ${table}.${c.name} ${n} ${tag}`;
  if (c.maxLength !== null && v.length > c.maxLength) {
    // Short columns: keep the sequence number first so values stay distinct.
    v = c.maxLength >= 4 ? `c${n.toString(36)}${tag}`.slice(0, c.maxLength) : lettersOf(n, c.maxLength);
  }
  return v;
}

function lettersOf(n: number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++, n = Math.floor(n / 26)) out = String.fromCharCode(65 + (n % 26)) + out;
  return out;
}

/** A value for a NOT NULL column without default, by type. Throws (naming the column) for unknown types. */
export function generate(info: TableInfo, c: Column): string {
  const n = ++sequence;
  const hint = hints[`${info.name}.${c.name}`];
  if (hint) return hint(n);
  if (c.category === 'A') return '{}';
  switch (c.baseType) {
    case 'uuid':
      return randomUUID();
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'citext':
    case 'name':
      return textValue(info.name, c, n);
    case 'int2':
    case 'int4':
    case 'int8':
    case 'numeric':
    case 'float4':
    case 'float8':
    case 'money':
      return String(n);
    case 'bool':
      return 'true';
    case 'date':
      return new Date().toISOString().slice(0, 10);
    case 'timestamptz':
    case 'timestamp':
      return new Date().toISOString();
    case 'time':
    case 'timetz':
      return '12:00:00';
    case 'interval':
      return '1 day';
    case 'json':
    case 'jsonb':
      return '{}';
    case 'bytea':
      return '\\x00';
    case 'inet':
    case 'cidr':
      return '127.0.0.1';
    default:
      throw new Error(
        `isolation contract fixtures: no value rule for ${info.name}.${c.name} of type ${c.typeSchema}.${c.typeName}; ` +
          `add a hint in test/contract/fixtures.ts`,
      );
  }
}

/** Errors a fresh attempt with other values can cure: unique, check, foreign key, not null. */
const RETRYABLE = new Set(['23505', '23514', '23503', '23502']);
const ATTEMPTS = 4;
const MAX_DEPTH = 8;

/** The SQLSTATE of a driver error, looking through drizzle's wrapper. */
export function pgCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

/** The innermost error message (the server's, not drizzle's "Failed query: ..."). */
export function pgMessage(error: unknown): string {
  let message = String(error);
  for (let e = error as { message?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.message === 'string') message = e.message;
  }
  return message;
}

class Rollback extends Error {}

/**
 * Builds rows through the owner connection (which bypasses RLS). Parents needed by foreign keys are
 * created in the SAME organization; non-tenant parents (users) are created fresh for every row.
 */
export class Fixtures {
  readonly db: Database;
  readonly catalog: Catalog;

  constructor(db: Database, catalog: Catalog) {
    this.db = db;
    this.catalog = catalog;
  }

  /** Inserts (and commits) a valid row of `table` for `org` and returns it as text. */
  async create(table: string, org: string | null, overrides: Row = {}, depth = 0): Promise<Row> {
    const info = await this.catalog.table(table);
    let last: unknown;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const values = await this.values(table, org, overrides, attempt, depth);
      const { text, params } = insertText(info, values);
      try {
        const [row] = await this.db.query<Row>(text, params);
        if (!row) throw new Error(`insert into ${table} returned no row`);
        return row;
      } catch (error) {
        last = error;
        if (!RETRYABLE.has(pgCode(error) ?? '')) break;
      }
    }
    throw new Error(`isolation contract fixtures: cannot create a row in ${table}: ${pgMessage(last)}`, { cause: last });
  }

  /**
   * Values for a new valid row of `table` for `org` (parents created and committed), not inserted.
   * Validity is proven by inserting them as the owner in a transaction that is rolled back.
   */
  async build(table: string, org: string | null, overrides: Row = {}): Promise<Row> {
    const info = await this.catalog.table(table);
    let last: unknown;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const values = await this.values(table, org, overrides, attempt, 0);
      try {
        await this.db.ownerTransaction(async (tx) => {
          await tx.execute(insertSql(info, values));
          throw new Rollback();
        });
      } catch (error) {
        if (error instanceof Rollback) return values;
        last = error;
        if (!RETRYABLE.has(pgCode(error) ?? '')) break;
      }
    }
    throw new Error(`isolation contract fixtures: cannot build a valid row for ${table}: ${pgMessage(last)}`, { cause: last });
  }

  /** Values for a row without proving them valid (for statements that must be refused anyway). */
  draft(table: string, org: string | null, overrides: Row = {}): Promise<Row> {
    return this.values(table, org, overrides, 0, 0);
  }

  async values(table: string, org: string | null, overrides: Row, attempt: number, depth: number): Promise<Row> {
    if (depth > MAX_DEPTH) throw new Error(`isolation contract fixtures: foreign keys nest deeper than ${MAX_DEPTH} at ${table}`);
    const info = await this.catalog.table(table);
    const values: Row = {};
    if (info.tenant) {
      if (org === null && !info.root) org = (await this.create(ROOT, randomUUID(), {}, depth + 1)).id ?? null;
      values[info.tenantColumn] = org ?? randomUUID();
    }
    Object.assign(values, overrides);

    for (const fk of info.foreignKeys) {
      const open = fk.columns.filter((c) => !(c in values));
      // Only a foreign key that will be non-null must be satisfied; a nullable one is left NULL.
      if (open.length === 0 || !open.some((c) => info.column(c).notNull || fillNullableForeignKeys.has(`${table}.${c}`))) continue;
      if (fk.refTable === table) {
        throw new Error(`isolation contract fixtures: ${table}.${fk.name} is a NOT NULL self-reference; add a hint`);
      }
      const ref = await this.catalog.table(fk.refTable);
      if (ref.root) {
        // A column naming an organization other than the tenant column is a counterparty (the seller of
        // a purchase order): a third organization, never A or B. Its own policies (the seller's) are the
        // module's tests' business; here the row must belong to exactly one tenant of the contract.
        const target = (await this.create(ROOT, randomUUID(), {}, depth + 1)).id ?? null;
        for (const c of open) values[c] = target;
        continue;
      }
      const parentOverrides: Row = {};
      fk.columns.forEach((c, i) => {
        if (c in values) parentOverrides[fk.refColumns[i]!] = values[c] ?? null;
      });
      const parent = await this.create(fk.refTable, ref.tenant ? org : null, parentOverrides, depth + 1);
      fk.columns.forEach((c, i) => {
        if (!(c in values)) values[c] = parent[fk.refColumns[i]!] ?? null;
      });
    }

    for (const c of info.columns) {
      if (c.name in values || c.generated) continue;
      const choices = info.allowed.get(c.name) ?? (c.enumLabels.length > 0 ? c.enumLabels : undefined);
      if (choices && c.notNull) {
        // Prefer values outside partial unique predicates (e.g. "one PENDING per organization"), and
        // rotate on retries. Set explicitly even when there is a default.
        const ordered = [...choices.filter((v) => !info.avoid.has(v)), ...choices.filter((v) => info.avoid.has(v))];
        values[c.name] = ordered[attempt % ordered.length]!;
        continue;
      }
      // Key columns get explicit values even when they have a default, so a row can be looked up later.
      if (!c.notNull || (c.hasDefault && !info.primaryKey.includes(c.name))) continue;
      values[c.name] = generate(info, c);
    }
    return values;
  }
}

/** Runs a statement and returns its rows (drizzle's execute shape differs per driver). */
export async function run<T = Row>(tx: { execute(query: SQL): PromiseLike<unknown> }, query: SQL): Promise<T[]> {
  return rowsOf<T>(await tx.execute(query));
}
