-- Hardening that Drizzle cannot express: FORCE row-level security and the runtime role's grants.
-- tenantry_harden() is idempotent and derives everything from the catalog: a tenant table is any table
-- in this schema with an organization_id column (plus organizations itself). Every later migration that
-- adds tables ends with `SELECT tenantry_harden();` (the migration runner also calls it after migrating).
-- Grants by table: tenant tables get SELECT/INSERT/UPDATE/DELETE, except organizations (SELECT, UPDATE:
-- creation and lifecycle are platform operations), audit_logs (SELECT, INSERT: append-only) and
-- domain_events (no DELETE). Platform tables get nothing, except a few user columns for member
-- directories (rows limited by the users policy) and INSERT on the notification outbox (pinned by its
-- policy to the organization in context). Tables created by later migrations are covered automatically.
CREATE OR REPLACE FUNCTION tenantry_harden() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  -- Nothing by default: the runtime role gets only what is granted below.
  EXECUTE 'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM tenantry_app';
  EXECUTE 'REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM tenantry_app';
  EXECUTE 'REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC';
  EXECUTE 'GRANT USAGE ON SCHEMA public TO tenantry_app';

  FOR t IN
    SELECT c.relname
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
      AND (c.relname = 'organizations' OR EXISTS (
        SELECT 1 FROM pg_attribute a
        WHERE a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped))
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.relname);
    IF t.relname = 'organizations' THEN
      -- Tenants read and update their own row; creation and lifecycle are platform operations.
      EXECUTE 'GRANT SELECT, UPDATE ON organizations TO tenantry_app';
    ELSIF t.relname = 'audit_logs' THEN
      -- Append-only for tenants: history cannot be rewritten; retention runs as a platform job.
      EXECUTE 'GRANT SELECT, INSERT ON audit_logs TO tenantry_app';
    ELSIF t.relname = 'domain_events' THEN
      -- Events are appended and marked dispatched, never deleted by tenant code.
      EXECUTE 'GRANT SELECT, INSERT, UPDATE ON domain_events TO tenantry_app';
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO tenantry_app', t.relname);
    END IF;
  END LOOP;

  -- Member directories show names and emails; the users policy limits rows to the tenant's members.
  EXECUTE 'GRANT SELECT (id, name, email, email_verified, image) ON users TO tenantry_app';
  -- The outbox: tenant transactions write messages about their own organization, and read none.
  EXECUTE 'GRANT INSERT ON notifications TO tenantry_app';
END
$$;
--> statement-breakpoint
SELECT tenantry_harden();
