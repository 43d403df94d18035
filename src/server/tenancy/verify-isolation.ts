// `tenantry verify-isolation`: reads the live catalog and reports every way the runtime role could get
// past the tenant boundary (ARCHITECTURE.md, "The tenant boundary"). It changes nothing. The role and
// schema are always bound parameters, so the checks can run against any database safely.
import type { Database } from '../db/client.ts';
import { RUNTIME_ROLE } from './tenant-table.ts';

export type Finding = { severity: 'error' | 'warning'; check: string; object: string; message: string };
export type IsolationReport = { ok: boolean; tenantTables: string[]; findings: Finding[] };

type Db = Pick<Database, 'query'>;

const TENANT_COLUMN = 'organization_id';
// organizations is scoped by its own id; every other tenant table by organization_id.
const tenantColumnOf = (table: string) => (table === 'organizations' ? 'id' : TENANT_COLUMN);
// The member directory (users_visible_to_members policy) is the one non-tenant grant the design allows.
const USER_DIRECTORY_COLUMNS = new Set(['id', 'name', 'email', 'email_verified', 'image']);
// The notification outbox: tenant transactions may INSERT (never read) so a message commits with its
// cause; its RLS policy pins about_organization_id to the tenant in context.
const OUTBOX_INSERT_TABLES = new Set(['notifications']);
const UNSAFE_PRIVILEGES = new Set(['TRUNCATE', 'REFERENCES', 'TRIGGER']);

const error = (check: string, object: string, message: string): Finding => ({ severity: 'error', check, object, message });
const warning = (check: string, object: string, message: string): Finding => ({ severity: 'warning', check, object, message });

// Same definition as tenantry_harden() in 0002_harden.sql, so the verifier and the hardening agree.
const TABLES_SQL = `
  select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
    (c.relname = 'organizations' or exists (
      select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped)) as tenant
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = $1 and c.relkind in ('r', 'p')
  order by c.relname`;

export async function verifyIsolation(db: Db, opts: { runtimeRole?: string; schema?: string } = {}): Promise<IsolationReport> {
  const role = opts.runtimeRole ?? RUNTIME_ROLE;
  const schema = opts.schema ?? 'public';
  const tables = await db.query<{ name: string; rls: boolean; forced: boolean; tenant: boolean }>(TABLES_SQL, [schema]);
  const tenant = new Set(tables.filter((t) => t.tenant).map((t) => t.name));

  const findings: Finding[] = [];
  for (const t of tables.filter((t) => t.tenant)) {
    if (!t.rls) findings.push(error('rls-enabled', t.name, 'row-level security is not enabled'));
    if (!t.forced) findings.push(error('rls-forced', t.name, 'row-level security is not forced (the table owner bypasses it)'));
  }
  findings.push(...(await checkKeys(db, schema, tenant)), ...(await checkForeignKeys(db, schema, tenant)));

  const roleFindings = await checkRole(db, role, schema);
  findings.push(...roleFindings.findings);
  // Privilege functions raise an error for an unknown role; its absence is already reported.
  if (roleFindings.exists) {
    findings.push(
      ...(await checkPolicies(db, role, schema, tenant)),
      ...(await checkGrants(db, role, schema, tenant, (name) => tables.find((t) => t.name === name)?.rls ?? false)),
      ...(await checkViews(db, role, schema)),
      ...(await checkFunctions(db, role, schema)),
    );
  }
  return { ok: !findings.some((f) => f.severity === 'error'), tenantTables: [...tenant], findings };
}

async function checkRole(db: Db, role: string, schema: string) {
  const [attrs] = await db.query<Record<string, boolean>>(
    `select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolreplication, rolcanlogin from pg_roles where rolname = $1`,
    [role],
  );
  if (!attrs) return { exists: false, findings: [error('role-missing', role, 'the runtime role does not exist')] };
  const findings: Finding[] = [];
  for (const [attr, set] of Object.entries(attrs)) {
    if (!set) continue;
    const label = attr.replace(/^rol/, '').toUpperCase();
    if (attr === 'rolcanlogin') findings.push(warning('role-attribute', role, `has ${label}; it is only reached by SET ROLE`));
    else findings.push(error('role-attribute', role, `has ${label}`));
  }
  // Membership lets the role SET ROLE to the other role (even with NOINHERIT) and act with its rights.
  const memberOf = await db.query<{ name: string }>(
    `select g.rolname as name from pg_auth_members m
       join pg_roles g on g.oid = m.roleid join pg_roles u on u.oid = m.member
     where u.rolname = $1 order by 1`,
    [role],
  );
  for (const m of memberOf) findings.push(error('role-membership', role, `is a member of role ${m.name} and can switch to it`));
  // An owner is exempt from RLS unless forced, and can change policies and grants on what it owns.
  const owned = await db.query<{ name: string; kind: string }>(
    `with r as (select oid from pg_roles where rolname = $1)
     select c.relname as name, 'relation' as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = $2 and c.relowner = (select oid from r)
     union all
     select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', 'function' from pg_proc p
       join pg_namespace n on n.oid = p.pronamespace where n.nspname = $2 and p.proowner = (select oid from r)
     union all
     select nspname, 'schema' from pg_namespace where nspname = $2 and nspowner = (select oid from r)
     order by 2, 1`,
    [role, schema],
  );
  for (const o of owned) findings.push(error('role-owns', o.name, `${o.kind} is owned by the runtime role ${role}`));
  return { exists: true, findings };
}

async function checkPolicies(db: Db, role: string, schema: string, tenant: Set<string>): Promise<Finding[]> {
  // polroles holds 0 for PUBLIC; policies apply to members of the named roles regardless of INHERIT.
  type Policy = { table: string; policy: string; cmd: string; permissive: boolean; qual: string | null; check: string | null };
  const policies = await db.query<Policy>(
    `select c.relname as table, p.polname as policy, p.polcmd::text as cmd, p.polpermissive as permissive,
       pg_get_expr(p.polqual, p.polrelid) as qual, pg_get_expr(p.polwithcheck, p.polrelid) as check
     from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $2 and exists (
       select 1 from unnest(p.polroles) r where case when r = 0 then true else pg_has_role($1::name, r, 'MEMBER') end)
     order by 1, 2`,
    [role, schema],
  );
  // Besides the tenant column, a policy may scope by a column that names another organization — called
  // <something>_organization_id AND a single-column foreign key to organizations(id) — e.g. the seller of
  // a purchase order, who shares that row with the buyer. The name alone is not enough: without the key
  // the column could hold anything.
  const orgRefs = await db.query<{ table: string; column: string }>(
    `select c.relname as table, a.attname as column
     from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
       join pg_class f on f.oid = k.confrelid and f.relnamespace = c.relnamespace
       join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
       join pg_attribute fa on fa.attrelid = k.confrelid and fa.attnum = k.confkey[1]
     where k.contype = 'f' and n.nspname = $1 and cardinality(k.conkey) = 1
       and f.relname = 'organizations' and fa.attname = 'id' and a.attname ~ '^[a-z0-9_]+_organization_id$'`,
    [schema],
  );
  const scopeColumns = (table: string) => [tenantColumnOf(table), ...orgRefs.filter((r) => r.table === table).map((r) => r.column)];
  // Restrictive policies can only narrow what a permissive policy allows, so only permissive ones are judged.
  const applicable = policies.filter((p) => p.permissive && tenant.has(p.table));
  const findings: Finding[] = [];
  for (const table of tenant) {
    if (!applicable.some((p) => p.table === table)) {
      findings.push(error('policy-missing', table, `no permissive policy applies to ${role}`));
    }
  }
  for (const p of applicable) {
    const object = `${p.table}.${p.policy}`;
    const needsUsing = p.cmd !== 'a'; // INSERT policies cannot have USING
    const needsCheck = ['*', 'a', 'w'].includes(p.cmd); // ALL, INSERT, UPDATE write rows
    if (needsUsing && p.qual === null) findings.push(error('policy-using', object, 'policy has no USING clause'));
    if (needsCheck && p.check === null) findings.push(error('policy-with-check', object, 'policy has no WITH CHECK clause'));
    const columns = scopeColumns(p.table).map((c) => new RegExp(`\\b${c}\\b`));
    const unscoped = [p.qual, p.check].filter((e): e is string => e !== null && !(e.includes('app.org_id') && columns.some((c) => c.test(e))));
    if (unscoped.length > 0) {
      findings.push(error('policy-scope', object, `policy does not scope by tenant: ${unscoped.join(' / ')}`));
    }
  }
  return findings;
}

async function checkGrants(
  db: Db,
  role: string,
  schema: string,
  tenant: Set<string>,
  rlsEnabled: (table: string) => boolean,
): Promise<Finding[]> {
  // has_*_privilege counts grants to the role itself and to PUBLIC.
  const tableGrants = await db.query<{ table: string; privilege: string }>(
    `select c.relname as table, p.priv as privilege
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
       cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) as p(priv)
     where n.nspname = $2 and c.relkind in ('r', 'p', 'f') and has_table_privilege($1::name, c.oid, p.priv)
     order by 1, 2`,
    [role, schema],
  );
  const columnGrants = await db.query<{ table: string; column: string; privilege: string }>(
    `select c.relname as table, a.attname as column, p.priv as privilege
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'REFERENCES']) as p(priv)
     where n.nspname = $2 and c.relkind in ('r', 'p', 'f')
       and has_column_privilege($1::name, c.oid, a.attnum, p.priv) and not has_table_privilege($1::name, c.oid, p.priv)
     order by 1, a.attnum`,
    [role, schema],
  );
  const findings: Finding[] = [];
  const granted = `is granted to ${role} or PUBLIC`;
  for (const g of tableGrants) {
    if (UNSAFE_PRIVILEGES.has(g.privilege)) findings.push(error('grant-unsafe', g.table, `${g.privilege} ${granted}`));
    else if (g.privilege === 'INSERT' && OUTBOX_INSERT_TABLES.has(g.table)) {
      if (!rlsEnabled(g.table)) findings.push(error('outbox-rls', g.table, `${role} can insert into ${g.table} but row-level security is not enabled`));
    } else if (!tenant.has(g.table)) {
      findings.push(error('grant-non-tenant', g.table, `${g.privilege} on a table without tenant isolation ${granted}`));
    }
  }
  const isDirectoryRead = (g: { table: string; column: string; privilege: string }) =>
    g.table === 'users' && g.privilege === 'SELECT' && USER_DIRECTORY_COLUMNS.has(g.column);
  // Column grants are grouped per table and privilege so a wide grant reads as one finding.
  const disallowed = new Map<string, { table: string; privilege: string; columns: string[] }>();
  for (const g of columnGrants) {
    if (g.privilege !== 'REFERENCES' && (tenant.has(g.table) || isDirectoryRead(g))) continue;
    const key = `${g.table}\0${g.privilege}`;
    const entry = disallowed.get(key) ?? { table: g.table, privilege: g.privilege, columns: [] };
    entry.columns.push(g.column);
    disallowed.set(key, entry);
  }
  for (const d of disallowed.values()) {
    const check = UNSAFE_PRIVILEGES.has(d.privilege) ? 'grant-unsafe' : 'grant-non-tenant';
    findings.push(error(check, d.table, `${d.privilege} (${d.columns.join(', ')}) ${granted}`));
  }
  const readsUsers = columnGrants.some((g) => g.table === 'users' && g.privilege === 'SELECT');
  if (readsUsers && !rlsEnabled('users')) {
    findings.push(error('users-rls', 'users', `${role} can select from users but row-level security is not enabled`));
  }
  return findings;
}

async function checkViews(db: Db, role: string, schema: string): Promise<Finding[]> {
  // A view runs with its owner's rights unless security_invoker is set; a materialized view has no RLS at all.
  const views = await db.query<{ name: string; kind: string; invoker: boolean }>(
    `select c.relname as name, c.relkind::text as kind,
       exists (select 1 from unnest(c.reloptions) o
               where lower(o) in ('security_invoker=true', 'security_invoker=on', 'security_invoker=1', 'security_invoker=yes')) as invoker
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $2 and c.relkind in ('v', 'm')
       and (has_any_column_privilege($1::name, c.oid, 'SELECT, INSERT, UPDATE') or has_table_privilege($1::name, c.oid, 'DELETE'))
     order by 1`,
    [role, schema],
  );
  return views.flatMap((v) => {
    if (v.kind === 'm') return [error('matview-readable', v.name, `materialized view (no RLS applies) is readable by ${role}`)];
    if (!v.invoker) return [error('view-definer', v.name, `view without security_invoker=true (bypasses RLS) is usable by ${role}`)];
    return [];
  });
}

async function checkFunctions(db: Db, role: string, schema: string): Promise<Finding[]> {
  // Functions that belong to an extension are the extension's business, not this schema's design.
  const functions = await db.query<{ name: string }>(
    `select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as name
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = $2 and p.prosecdef and has_function_privilege($1::name, p.oid, 'EXECUTE')
       and not exists (select 1 from pg_depend d
                       where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
     order by 1`,
    [role, schema],
  );
  return functions.map((f) => error('function-definer', f.name, `SECURITY DEFINER function is executable by ${role} or PUBLIC`));
}

async function checkKeys(db: Db, schema: string, tenant: Set<string>): Promise<Finding[]> {
  const indexes = await db.query<{ table: string; index: string; primary: boolean; first: string | null }>(
    `select c.relname as table, i.relname as index, x.indisprimary as primary, a.attname as first
     from pg_index x join pg_class c on c.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
       join pg_namespace n on n.oid = c.relnamespace
       left join pg_attribute a on a.attrelid = c.oid and a.attnum = x.indkey[0]
     where n.nspname = $1 and x.indisunique
     order by 1, 2`,
    [schema],
  );
  const findings: Finding[] = [];
  for (const table of tenant) {
    const column = tenantColumnOf(table);
    const pk = indexes.find((x) => x.table === table && x.primary);
    if (!pk) findings.push(error('primary-key', table, `has no primary key; it must be (${column}, ...)`));
    else if (pk.first !== column) findings.push(error('primary-key', table, `primary key ${pk.index} does not start with ${column}`));
  }
  // A unique key without the tenant first lets one tenant probe for another tenant's values.
  for (const x of indexes) {
    if (!x.primary && tenant.has(x.table) && x.table !== 'organizations' && x.first !== TENANT_COLUMN) {
      findings.push(warning('unique-key', `${x.table}.${x.index}`, `unique key does not start with ${TENANT_COLUMN}`));
    }
  }
  return findings;
}

async function checkForeignKeys(db: Db, schema: string, tenant: Set<string>): Promise<Finding[]> {
  // A composite key pairs organization_id with organization_id, so a row can only reference its own tenant.
  const fks = await db.query<{ table: string; target: string; name: string; paired: boolean }>(
    `select c.relname as table, f.relname as target, k.conname as name,
       exists (select 1 from unnest(k.conkey, k.confkey) as u(src, dst)
                 join pg_attribute sa on sa.attrelid = k.conrelid and sa.attnum = u.src
                 join pg_attribute da on da.attrelid = k.confrelid and da.attnum = u.dst
               where sa.attname = 'organization_id' and da.attname = 'organization_id') as paired
     from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class f on f.oid = k.confrelid
       join pg_namespace n on n.oid = c.relnamespace
     where k.contype = 'f' and n.nspname = $1 and f.relnamespace = c.relnamespace
     order by 1, 3`,
    [schema],
  );
  return fks
    .filter((k) => tenant.has(k.table) && tenant.has(k.target) && k.target !== 'organizations' && !k.paired)
    .map((k) => error('foreign-key', `${k.table}.${k.name}`, `foreign key to ${k.target} does not pair ${TENANT_COLUMN} on both sides`));
}

export function formatReport(r: IsolationReport): string {
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  const warnings = r.findings.length - errors;
  const lines = [`Tenant tables checked (${r.tenantTables.length}): ${r.tenantTables.join(', ') || '(none)'}`];
  for (const f of r.findings) lines.push(`${f.severity.toUpperCase().padEnd(7)} ${f.check.padEnd(18)} ${f.object}: ${f.message}`);
  lines.push(`${r.ok ? 'OK' : 'FAILED'}: ${errors} error(s), ${warnings} warning(s)`);
  return lines.join('\n');
}
