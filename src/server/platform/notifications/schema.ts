// The notification outbox: every message to a person is written here first (in the same transaction
// as the change that causes it) and delivered from here. A platform table: the runtime role may only
// INSERT, and only messages about the organization in context (RLS enabled, not forced, so platform
// code on the owner connection is unaffected).
import { index, integer, jsonb, pgPolicy, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { currentOrgId, runtimeRole } from '../../tenancy/tenant-table.ts';

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    toEmail: text('to_email').notNull(),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    aboutOrganizationId: uuid('about_organization_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    /** Delivery lease/backoff: a message is picked up again only after this time. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
  },
  (t) => [
    index('notifications_created_idx').on(t.createdAt),
    index('notifications_to_idx').on(t.toEmail),
    pgPolicy('notifications_tenant_insert', {
      for: 'insert',
      to: runtimeRole,
      withCheck: sql`${t.aboutOrganizationId} = ${currentOrgId}`,
    }),
  ],
).enableRLS();
