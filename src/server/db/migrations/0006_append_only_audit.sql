-- Audit rows are append-only and domain events are never deleted by the runtime role: see the grants in
-- tenantry_harden() (0002_harden.sql). Re-applied here for databases created before that rule.
SELECT tenantry_harden();
