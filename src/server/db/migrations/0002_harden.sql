-- Hardening that Drizzle cannot express: FORCE row-level security and the runtime role's grants.
-- tenantry_harden() is idempotent and derives everything from the catalog: a tenant table is any table
-- in this schema with an organization_id column (plus organizations itself). Every later migration that
-- adds tables ends with `SELECT tenantry_harden();` (the migration runner also calls it after migrating).
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
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO tenantry_app', t.relname);
    END IF;
  END LOOP;

  -- Member directories show names and emails; the users policy limits rows to the tenant's members.
  EXECUTE 'GRANT SELECT (id, name, email, email_verified, image) ON users TO tenantry_app';
END
$$;
--> statement-breakpoint
SELECT tenantry_harden();
