CREATE TABLE "school_guardians" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"relationship" text DEFAULT 'parent' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_guardians_pkey" PRIMARY KEY("organization_id","id")
);
--> statement-breakpoint
ALTER TABLE "school_guardians" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "school_student_guardians" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"guardian_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_student_guardians_pkey" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "school_student_guardians_unique" UNIQUE("organization_id","student_id","guardian_id")
);
--> statement-breakpoint
ALTER TABLE "school_student_guardians" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "school_students" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"student_number" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"date_of_birth" date,
	"grade" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "school_students_pkey" PRIMARY KEY("organization_id","id")
);
--> statement-breakpoint
ALTER TABLE "school_students" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "projects_participants" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"membership_id" uuid,
	"external_name" text,
	"external_email" text,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_participants_pkey" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "projects_participants_role_check" CHECK ("projects_participants"."role" in ('STAFF','PARTNER','PARTICIPANT','GUARDIAN')),
	CONSTRAINT "projects_participants_person_check" CHECK (("projects_participants"."membership_id" is null) <> ("projects_participants"."external_name" is null)),
	CONSTRAINT "projects_participants_external_email_check" CHECK ("projects_participants"."external_email" is null or "projects_participants"."external_name" is not null)
);
--> statement-breakpoint
ALTER TABLE "projects_participants" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "projects_projects" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'PLANNED' NOT NULL,
	"start_date" date,
	"end_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_projects_pkey" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "projects_projects_status_check" CHECK ("projects_projects"."status" in ('PLANNED','ACTIVE','COMPLETED','CANCELLED')),
	CONSTRAINT "projects_projects_dates_check" CHECK ("projects_projects"."end_date" is null or "projects_projects"."start_date" is null or "projects_projects"."end_date" >= "projects_projects"."start_date")
);
--> statement-breakpoint
ALTER TABLE "projects_projects" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "school_guardians" ADD CONSTRAINT "school_guardians_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_student_guardians" ADD CONSTRAINT "school_student_guardians_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_student_guardians" ADD CONSTRAINT "school_student_guardians_student_fk" FOREIGN KEY ("organization_id","student_id") REFERENCES "public"."school_students"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_student_guardians" ADD CONSTRAINT "school_student_guardians_guardian_fk" FOREIGN KEY ("organization_id","guardian_id") REFERENCES "public"."school_guardians"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_students" ADD CONSTRAINT "school_students_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects_participants" ADD CONSTRAINT "projects_participants_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects_participants" ADD CONSTRAINT "projects_participants_project_fk" FOREIGN KEY ("organization_id","project_id") REFERENCES "public"."projects_projects"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects_participants" ADD CONSTRAINT "projects_participants_membership_fk" FOREIGN KEY ("organization_id","membership_id") REFERENCES "public"."memberships"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects_projects" ADD CONSTRAINT "projects_projects_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "school_guardians_org_name_idx" ON "school_guardians" USING btree ("organization_id","name","id");--> statement-breakpoint
CREATE INDEX "school_guardians_org_created_idx" ON "school_guardians" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "school_student_guardians_guardian_idx" ON "school_student_guardians" USING btree ("organization_id","guardian_id");--> statement-breakpoint
CREATE UNIQUE INDEX "school_students_org_number_unique" ON "school_students" USING btree ("organization_id","student_number") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "school_students_org_last_name_idx" ON "school_students" USING btree ("organization_id","last_name","id");--> statement-breakpoint
CREATE INDEX "school_students_org_created_idx" ON "school_students" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "school_students_org_grade_idx" ON "school_students" USING btree ("organization_id","grade");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_participants_org_project_member_unique" ON "projects_participants" USING btree ("organization_id","project_id","membership_id") WHERE membership_id is not null;--> statement-breakpoint
CREATE INDEX "projects_participants_org_project_idx" ON "projects_participants" USING btree ("organization_id","project_id","role");--> statement-breakpoint
CREATE INDEX "projects_participants_org_created_idx" ON "projects_participants" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "projects_participants_org_membership_idx" ON "projects_participants" USING btree ("organization_id","membership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_projects_org_name_unique" ON "projects_projects" USING btree ("organization_id",lower("name"));--> statement-breakpoint
CREATE INDEX "projects_projects_org_name_idx" ON "projects_projects" USING btree ("organization_id","name","id");--> statement-breakpoint
CREATE INDEX "projects_projects_org_created_idx" ON "projects_projects" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "projects_projects_org_status_idx" ON "projects_projects" USING btree ("organization_id","status");--> statement-breakpoint
CREATE POLICY "school_guardians_tenant_isolation" ON "school_guardians" AS PERMISSIVE FOR ALL TO "tenantry_app" USING ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "school_student_guardians_tenant_isolation" ON "school_student_guardians" AS PERMISSIVE FOR ALL TO "tenantry_app" USING ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "school_students_tenant_isolation" ON "school_students" AS PERMISSIVE FOR ALL TO "tenantry_app" USING ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "projects_participants_tenant_isolation" ON "projects_participants" AS PERMISSIVE FOR ALL TO "tenantry_app" USING ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "projects_projects_tenant_isolation" ON "projects_projects" AS PERMISSIVE FOR ALL TO "tenantry_app" USING ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
SELECT tenantry_harden();
