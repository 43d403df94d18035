// Projects (seed 004, openhorizon): youth-organization projects with a small lifecycle, and their
// participants — either a member of the organization (composite FK to memberships) or an external
// person (partner staff, a participant's guardian) named on the row.
import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantTable } from '../../tenancy/tenant-table.ts';
import { foreignKeyToOrganization } from '../../platform/organizations/schema.ts';
import { memberships } from '../../platform/members/schema.ts';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const PROJECT_STATUSES = ['PLANNED', 'ACTIVE', 'COMPLETED', 'CANCELLED'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const projects = tenantTable(
  'projects_projects',
  {
    name: text('name').notNull(),
    description: text('description'),
    status: text('status', { enum: PROJECT_STATUSES }).notNull().default('PLANNED'),
    startDate: date('start_date'),
    endDate: date('end_date'),
    ...timestamps,
  },
  (t) => [
    // Names are unique per organization, ignoring case ("Summer Camp" and "summer camp" are one project).
    uniqueIndex('projects_projects_org_name_unique').on(t.organizationId, sql`lower(${t.name})`),
    index('projects_projects_org_name_idx').on(t.organizationId, t.name, t.id),
    index('projects_projects_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    index('projects_projects_org_status_idx').on(t.organizationId, t.status),
    check('projects_projects_status_check', sql`${t.status} in ('PLANNED','ACTIVE','COMPLETED','CANCELLED')`),
    check('projects_projects_dates_check', sql`${t.endDate} is null or ${t.startDate} is null or ${t.endDate} >= ${t.startDate}`),
    foreignKeyToOrganization('projects_projects', t.organizationId),
  ],
);

export const PARTICIPANT_ROLES = ['STAFF', 'PARTNER', 'PARTICIPANT', 'GUARDIAN'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const participants = tenantTable(
  'projects_participants',
  {
    projectId: uuid('project_id').notNull(),
    /** A member of the organization… */
    membershipId: uuid('membership_id'),
    /** …or an external person (exactly one of the two, enforced by a check). */
    externalName: text('external_name'),
    externalEmail: text('external_email'),
    role: text('role', { enum: PARTICIPANT_ROLES }).notNull(),
    ...timestamps,
  },
  (t) => [
    // A member takes part in a project once (external people have no identity to deduplicate on).
    uniqueIndex('projects_participants_org_project_member_unique').on(t.organizationId, t.projectId, t.membershipId).where(sql`membership_id is not null`),
    index('projects_participants_org_project_idx').on(t.organizationId, t.projectId, t.role),
    index('projects_participants_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    index('projects_participants_org_membership_idx').on(t.organizationId, t.membershipId),
    check('projects_participants_role_check', sql`${t.role} in ('STAFF','PARTNER','PARTICIPANT','GUARDIAN')`),
    check('projects_participants_person_check', sql`(${t.membershipId} is null) <> (${t.externalName} is null)`),
    check('projects_participants_external_email_check', sql`${t.externalEmail} is null or ${t.externalName} is not null`),
    foreignKeyToOrganization('projects_participants', t.organizationId),
    foreignKey({ name: 'projects_participants_project_fk', columns: [t.organizationId, t.projectId], foreignColumns: [projects.organizationId, projects.id] }).onDelete('cascade'),
    foreignKey({ name: 'projects_participants_membership_fk', columns: [t.organizationId, t.membershipId], foreignColumns: [memberships.organizationId, memberships.id] }).onDelete('cascade'),
  ],
);
