// Schema index: every table Tenantry owns. drizzle-kit reads this file to generate migrations.
export * from '../auth/schema.ts';
export * from '../platform/organizations/schema.ts';
export * from '../platform/members/schema.ts';
export * from '../platform/notifications/schema.ts';
export * from '../platform/roles/schema.ts';
export * from '../platform/teams/schema.ts';
export * from '../platform/invitations/schema.ts';
export * from '../platform/audit/schema.ts';
export * from '../platform/events/schema.ts';
export * from '../platform/webhooks/schema.ts';
export * from '../modules/schema.ts';
export * from '../modules/billing/schema.ts';
export * from '../modules/school/schema.ts';
export * from '../modules/projects/schema.ts';
export * from '../modules/cooperative/schema.ts';
