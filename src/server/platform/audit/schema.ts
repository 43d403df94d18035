// The audit log. Tenant rows live behind the same RLS boundary as the data they describe; operator
// actions are also copied to the platform log, and denied attempts go to security events.
import { index, inet, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantTable } from '../../tenancy/tenant-table.ts';
import { foreignKeyToOrganization } from '../organizations/schema.ts';

const auditColumns = () => ({
  actorType: text('actor_type', { enum: ['user', 'api_client', 'operator', 'system'] }).notNull(),
  actorId: uuid('actor_id'),
  actorEmail: text('actor_email'),
  action: text('action').notNull(),
  targetType: text('target_type').notNull(),
  targetId: text('target_id'),
  changes: jsonb('changes').$type<{ before?: unknown; after?: unknown }>(),
  ip: inet('ip'),
  userAgent: text('user_agent'),
  requestId: text('request_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const auditLogs = tenantTable('audit_logs', auditColumns(), (t) => [
  index('audit_logs_org_created_idx').on(t.organizationId, t.createdAt, t.id),
  index('audit_logs_org_action_idx').on(t.organizationId, t.action, t.createdAt),
  index('audit_logs_org_target_idx').on(t.organizationId, t.targetType, t.targetId),
  foreignKeyToOrganization('audit_logs', t.organizationId),
]);

/** Operator and platform-level actions, across organizations (no tenant RLS: operators only). */
export const platformAuditLogs = pgTable(
  'platform_audit_logs',
  { id: uuid('id').primaryKey(), subjectOrganizationId: uuid('subject_organization_id'), ...auditColumns() },
  (t) => [index('platform_audit_logs_created_idx').on(t.createdAt, t.id), index('platform_audit_logs_org_idx').on(t.subjectOrganizationId, t.createdAt)],
);

/** Refused attempts: permission denials and probes of resources the caller cannot see. */
export const securityEvents = pgTable(
  'security_events',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind', { enum: ['permission_denied', 'not_found_probe', 'operator_required'] }).notNull(),
    userId: uuid('user_id'),
    method: text('method').notNull(),
    route: text('route').notNull(),
    code: text('code').notNull(),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('security_events_created_idx').on(t.createdAt), index('security_events_user_idx').on(t.userId, t.createdAt)],
);
