// The notification outbox: every message to a person is written here first (in the same transaction
// as the change that causes it) and delivered from here. Platform table; the runtime role has no access.
import { index, jsonb, pgTable, text, timestamp, uuid, integer } from 'drizzle-orm/pg-core';

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
    lastError: text('last_error'),
  },
  (t) => [index('notifications_created_idx').on(t.createdAt), index('notifications_to_idx').on(t.toEmail)],
);
