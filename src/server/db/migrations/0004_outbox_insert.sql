ALTER TABLE "notifications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "notifications_tenant_insert" ON "notifications" AS PERMISSIVE FOR INSERT TO "tenantry_app" WITH CHECK ("notifications"."about_organization_id" = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
SELECT tenantry_harden();
