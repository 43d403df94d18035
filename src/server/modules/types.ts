// What a module declares. Everything a module brings is named here once; registry.ts lists modules.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Database } from '../db/client.ts';
import type { AppEnv } from '../http/env.ts';
import type { organizations } from '../platform/organizations/schema.ts';

export type OrganizationRow = typeof organizations.$inferSelect;

/** A condition the organization must meet before the module can be enabled. */
export type Requirement = {
  key: string;
  description: string;
  /** The settings field that fixes it (the console links there). */
  settingsField: string;
  met: (org: OrganizationRow) => boolean;
};

export type PermissionStatement = {
  actions: readonly string[];
  member?: readonly string[];
  readOnly?: readonly string[];
  adminExcept?: readonly string[];
};

export type ModuleDeps = { db: Database };

export type ModuleDefinition = {
  id: string;
  name: string;
  description: string;
  dependencies?: readonly string[];
  requirements?: readonly Requirement[];
  /** Resources this module adds to the permission table (merged into every organization's roles). */
  permissions: Readonly<Record<string, PermissionStatement>>;
  /** Domain event types the module emits (webhooks can subscribe to them). */
  eventTypes?: readonly string[];
  /** Table names, for documentation and the module listing; the schema index exports the tables. */
  tables: readonly string[];
  /** Routes, mounted under /api/v1/orgs/{org}/{id}; reachable only while the module is enabled. */
  routes: (deps: ModuleDeps) => OpenAPIHono<AppEnv>;
};
