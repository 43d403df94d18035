// Domain events: a transactional outbox per organization. Written in the same transaction as the
// change; the worker fans them out to webhooks in id (uuid v7, time) order per organization.
import { index, jsonb, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { tenantTable } from '../../tenancy/tenant-table.ts';
import { foreignKeyToOrganization } from '../organizations/schema.ts';

export const domainEvents = tenantTable(
  'domain_events',
  {
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
  },
  (t) => [
    index('domain_events_org_id_idx').on(t.organizationId, t.id),
    index('domain_events_undispatched_idx').on(t.organizationId, t.id).where(sql`dispatched_at is null`),
    foreignKeyToOrganization('domain_events', t.organizationId),
  ],
);
