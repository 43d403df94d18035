-- The runtime role tenant queries run as (SET LOCAL ROLE inside withTenant). It cannot log in, is not
-- superuser, cannot bypass RLS and owns nothing. Roles are cluster-wide, so this is idempotent.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tenantry_app') THEN
    CREATE ROLE tenantry_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
  -- The connecting (owner) role must be allowed to switch to it.
  IF NOT pg_has_role(current_user, 'tenantry_app', 'MEMBER') THEN
    EXECUTE format('GRANT tenantry_app TO %I', current_user);
  END IF;
END
$$;
