CREATE TABLE "cooperative_commodities" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"category" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cooperative_commodities_pkey" PRIMARY KEY("organization_id","id")
);
--> statement-breakpoint
ALTER TABLE "cooperative_commodities" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "cooperative_farmers" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"region" text,
	"community" text,
	"gender" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cooperative_farmers_pkey" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "cooperative_farmers_phone_check" CHECK ("cooperative_farmers"."phone" ~ '^\+?[0-9]{7,15}$'),
	CONSTRAINT "cooperative_farmers_gender_check" CHECK ("cooperative_farmers"."gender" in ('FEMALE','MALE','OTHER'))
);
--> statement-breakpoint
ALTER TABLE "cooperative_farmers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "cooperative_farms" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"farmer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"size_hectares" numeric(20, 4),
	"main_crop" text,
	"location" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cooperative_farms_pkey" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "cooperative_farms_size_check" CHECK ("cooperative_farms"."size_hectares" > 0)
);
--> statement-breakpoint
ALTER TABLE "cooperative_farms" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "cooperative_inventory_items" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"commodity_id" uuid NOT NULL,
	"quantity" numeric(20, 4) DEFAULT '0' NOT NULL,
	"bin" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cooperative_inventory_items_pkey" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "cooperative_inventory_items_quantity_check" CHECK ("cooperative_inventory_items"."quantity" >= 0)
);
--> statement-breakpoint
ALTER TABLE "cooperative_inventory_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "cooperative_listings" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"commodity_id" uuid NOT NULL,
	"commodity_name" text NOT NULL,
	"unit" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"quantity_available" numeric(20, 4) NOT NULL,
	"unit_price" numeric(20, 4) NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'DRAFT' NOT NULL,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cooperative_listings_pkey" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "cooperative_listings_status_check" CHECK ("cooperative_listings"."status" in ('DRAFT','PUBLISHED','CLOSED')),
	CONSTRAINT "cooperative_listings_quantity_check" CHECK ("cooperative_listings"."quantity_available" >= 0),
	CONSTRAINT "cooperative_listings_price_check" CHECK ("cooperative_listings"."unit_price" >= 0),
	CONSTRAINT "cooperative_listings_currency_check" CHECK ("cooperative_listings"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
ALTER TABLE "cooperative_listings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "cooperative_purchase_orders" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"seller_organization_id" uuid NOT NULL,
	"listing_id" uuid NOT NULL,
	"seller_warehouse_id" uuid NOT NULL,
	"seller_commodity_id" uuid NOT NULL,
	"commodity_name" text NOT NULL,
	"unit" text NOT NULL,
	"unit_price" numeric(20, 4) NOT NULL,
	"currency" text NOT NULL,
	"quantity" numeric(20, 4) NOT NULL,
	"total" numeric(36, 4) NOT NULL,
	"delivery_warehouse_id" uuid NOT NULL,
	"status" text DEFAULT 'REQUESTED' NOT NULL,
	"reject_reason" text,
	"accepted_at" timestamp with time zone,
	"rejected_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"fulfilled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cooperative_purchase_orders_pkey" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "cooperative_purchase_orders_status_check" CHECK ("cooperative_purchase_orders"."status" in ('REQUESTED','ACCEPTED','REJECTED','CANCELLED','FULFILLED')),
	CONSTRAINT "cooperative_purchase_orders_quantity_check" CHECK ("cooperative_purchase_orders"."quantity" > 0),
	CONSTRAINT "cooperative_purchase_orders_price_check" CHECK ("cooperative_purchase_orders"."unit_price" >= 0),
	CONSTRAINT "cooperative_purchase_orders_two_parties_check" CHECK ("cooperative_purchase_orders"."seller_organization_id" <> "cooperative_purchase_orders"."organization_id")
);
--> statement-breakpoint
ALTER TABLE "cooperative_purchase_orders" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "cooperative_warehouses" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"location" text,
	"capacity" numeric(20, 4),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cooperative_warehouses_pkey" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "cooperative_warehouses_capacity_check" CHECK ("cooperative_warehouses"."capacity" >= 0)
);
--> statement-breakpoint
ALTER TABLE "cooperative_warehouses" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "cooperative_commodities" ADD CONSTRAINT "cooperative_commodities_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperative_farmers" ADD CONSTRAINT "cooperative_farmers_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperative_farms" ADD CONSTRAINT "cooperative_farms_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperative_farms" ADD CONSTRAINT "cooperative_farms_farmer_fk" FOREIGN KEY ("organization_id","farmer_id") REFERENCES "public"."cooperative_farmers"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperative_inventory_items" ADD CONSTRAINT "cooperative_inventory_items_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperative_inventory_items" ADD CONSTRAINT "cooperative_inventory_items_warehouse_fk" FOREIGN KEY ("organization_id","warehouse_id") REFERENCES "public"."cooperative_warehouses"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperative_inventory_items" ADD CONSTRAINT "cooperative_inventory_items_commodity_fk" FOREIGN KEY ("organization_id","commodity_id") REFERENCES "public"."cooperative_commodities"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperative_listings" ADD CONSTRAINT "cooperative_listings_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperative_listings" ADD CONSTRAINT "cooperative_listings_warehouse_fk" FOREIGN KEY ("organization_id","warehouse_id") REFERENCES "public"."cooperative_warehouses"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperative_listings" ADD CONSTRAINT "cooperative_listings_commodity_fk" FOREIGN KEY ("organization_id","commodity_id") REFERENCES "public"."cooperative_commodities"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperative_purchase_orders" ADD CONSTRAINT "cooperative_purchase_orders_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperative_purchase_orders" ADD CONSTRAINT "cooperative_purchase_orders_seller_fk" FOREIGN KEY ("seller_organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperative_purchase_orders" ADD CONSTRAINT "cooperative_purchase_orders_delivery_warehouse_fk" FOREIGN KEY ("organization_id","delivery_warehouse_id") REFERENCES "public"."cooperative_warehouses"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperative_warehouses" ADD CONSTRAINT "cooperative_warehouses_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cooperative_commodities_org_name_unique" ON "cooperative_commodities" USING btree ("organization_id",lower("name"));--> statement-breakpoint
CREATE INDEX "cooperative_commodities_org_name_idx" ON "cooperative_commodities" USING btree ("organization_id","name","id");--> statement-breakpoint
CREATE UNIQUE INDEX "cooperative_farmers_org_phone_unique" ON "cooperative_farmers" USING btree ("organization_id","phone");--> statement-breakpoint
CREATE INDEX "cooperative_farmers_org_name_idx" ON "cooperative_farmers" USING btree ("organization_id","name","id");--> statement-breakpoint
CREATE INDEX "cooperative_farms_org_farmer_idx" ON "cooperative_farms" USING btree ("organization_id","farmer_id");--> statement-breakpoint
CREATE INDEX "cooperative_farms_org_name_idx" ON "cooperative_farms" USING btree ("organization_id","name","id");--> statement-breakpoint
CREATE UNIQUE INDEX "cooperative_inventory_items_org_stock_unique" ON "cooperative_inventory_items" USING btree ("organization_id","warehouse_id","commodity_id");--> statement-breakpoint
CREATE INDEX "cooperative_inventory_items_org_created_idx" ON "cooperative_inventory_items" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "cooperative_listings_org_created_idx" ON "cooperative_listings" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "cooperative_listings_published_idx" ON "cooperative_listings" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "cooperative_purchase_orders_org_created_idx" ON "cooperative_purchase_orders" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "cooperative_purchase_orders_seller_created_idx" ON "cooperative_purchase_orders" USING btree ("seller_organization_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "cooperative_warehouses_org_name_unique" ON "cooperative_warehouses" USING btree ("organization_id",lower("name"));--> statement-breakpoint
CREATE INDEX "cooperative_warehouses_org_name_idx" ON "cooperative_warehouses" USING btree ("organization_id","name","id");--> statement-breakpoint
CREATE POLICY "cooperative_commodities_tenant_isolation" ON "cooperative_commodities" AS PERMISSIVE FOR ALL TO "tenantry_app" USING ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "cooperative_farmers_tenant_isolation" ON "cooperative_farmers" AS PERMISSIVE FOR ALL TO "tenantry_app" USING ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "cooperative_farms_tenant_isolation" ON "cooperative_farms" AS PERMISSIVE FOR ALL TO "tenantry_app" USING ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "cooperative_inventory_items_tenant_isolation" ON "cooperative_inventory_items" AS PERMISSIVE FOR ALL TO "tenantry_app" USING ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "cooperative_listings_tenant_isolation" ON "cooperative_listings" AS PERMISSIVE FOR ALL TO "tenantry_app" USING ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "cooperative_listings_marketplace_read" ON "cooperative_listings" AS PERMISSIVE FOR SELECT TO "tenantry_app" USING ("cooperative_listings"."status" = 'PUBLISHED' and "cooperative_listings"."organization_id" <> nullif(current_setting('app.org_id', true), '')::uuid and current_setting('app.marketplace', true) = 'on');--> statement-breakpoint
CREATE POLICY "cooperative_purchase_orders_tenant_isolation" ON "cooperative_purchase_orders" AS PERMISSIVE FOR ALL TO "tenantry_app" USING ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "cooperative_purchase_orders_seller_read" ON "cooperative_purchase_orders" AS PERMISSIVE FOR SELECT TO "tenantry_app" USING (seller_organization_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "cooperative_purchase_orders_seller_update" ON "cooperative_purchase_orders" AS PERMISSIVE FOR UPDATE TO "tenantry_app" USING (seller_organization_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (seller_organization_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "cooperative_warehouses_tenant_isolation" ON "cooperative_warehouses" AS PERMISSIVE FOR ALL TO "tenantry_app" USING ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("organization_id" = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
-- Hand-written: the buyer (organization_id) and seller (seller_organization_id) of a purchase order never
-- change. Both sides may UPDATE the row (tenant policy / seller policy), and WITH CHECK cannot compare
-- with the old row, so without this either side could hand an order to a third organization. AFTER, so
-- the RLS WITH CHECK refusal (42501) still comes first for a row the caller does not own.
CREATE FUNCTION cooperative_purchase_orders_parties_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the buyer and the seller of a purchase order cannot change' USING ERRCODE = 'check_violation';
END
$$;--> statement-breakpoint
CREATE TRIGGER cooperative_purchase_orders_parties_immutable
  AFTER UPDATE OF organization_id, seller_organization_id ON cooperative_purchase_orders
  FOR EACH ROW
  WHEN (NEW.organization_id IS DISTINCT FROM OLD.organization_id OR NEW.seller_organization_id IS DISTINCT FROM OLD.seller_organization_id)
  EXECUTE FUNCTION cooperative_purchase_orders_parties_immutable();--> statement-breakpoint
SELECT tenantry_harden();
