// Projects resources declared through the toolkit (projects, participants), plus the project
// lifecycle PLANNED → ACTIVE → COMPLETED, or CANCELLED from PLANNED/ACTIVE.
import { z } from '@hono/zod-openapi';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { requirePermission } from '../../tenancy/permissions.ts';
import { withTenant, type TenantContext } from '../../tenancy/with-tenant.ts';
import { recordChange } from '../../platform/audit/record.ts';
import { memberships } from '../../platform/members/schema.ts';
import { iso } from '../../platform/organizations/view.ts';
import { defineResource } from '../toolkit/resource.ts';
import { PARTICIPANT_ROLES, participants, PROJECT_STATUSES, projects, type ProjectStatus } from './schema.ts';

const IsoDay = z.iso.date();
const invalid = (path: string, message: string) => new AppError('validation_failed', message, { errors: [{ path, message }] });
const endBeforeStart = () => invalid('body.endDate', 'endDate must be on or after startDate');

// ---- projects ---------------------------------------------------------------------------------

const Project = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    status: z.enum(PROJECT_STATUSES),
    startDate: z.string().nullable().openapi({ format: 'date' }),
    endDate: z.string().nullable().openapi({ format: 'date' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Project');

const projectView = (r: Record<string, unknown>): z.infer<typeof Project> => ({
  id: r.id as string,
  name: r.name as string,
  description: (r.description as string | null) ?? null,
  status: r.status as ProjectStatus,
  startDate: (r.startDate as string | null) ?? null,
  endDate: (r.endDate as string | null) ?? null,
  createdAt: iso(r.createdAt as Date)!,
  updatedAt: iso(r.updatedAt as Date)!,
});

// `status` is not writable here: it changes only through the transitions below.
const projectFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable().optional(),
  startDate: IsoDay.nullable().optional(),
  endDate: IsoDay.nullable().optional(),
};
const datesInOrder = (v: { startDate?: string | null; endDate?: string | null }) => !v.startDate || !v.endDate || v.endDate >= v.startDate;
const ProjectCreate = z.object(projectFields).strict().refine(datesInOrder, { path: ['endDate'], message: 'endDate must be on or after startDate' });
const ProjectUpdate = z.object(projectFields).partial().strict().refine(datesInOrder, { path: ['endDate'], message: 'endDate must be on or after startDate' });

/** A friendly 409 before the write; the unique index on (organization_id, lower(name)) makes it race-safe. */
async function assertNameFree(tx: Tx, name: string, exceptId?: string) {
  const [taken] = await tx
    .select({ id: projects.id })
    .from(projects)
    .where(and(sql`lower(${projects.name}) = lower(${name})`, exceptId ? ne(projects.id, exceptId) : undefined));
  if (taken) throw new AppError('conflict', `A project named "${name}" already exists`);
}

export const projectResource = defineResource({
  module: 'projects',
  name: 'projects',
  permission: 'projects',
  targetType: 'project',
  table: projects,
  view: Project,
  toView: projectView,
  create: ProjectCreate,
  update: ProjectUpdate,
  filters: {
    status: { schema: z.enum(PROJECT_STATUSES), where: (v: string) => eq(projects.status, v as ProjectStatus) },
  },
  search: [projects.name, projects.description],
  sort: { name: projects.name, createdAt: projects.createdAt },
  defaultSort: { field: 'createdAt', order: 'desc' },
  events: { created: 'PROJECT_CREATED' },
  hooks: {
    beforeCreate: async (tx, _ctx, input) => {
      await assertNameFree(tx, input.name);
      return input;
    },
    beforeUpdate: async (tx, _ctx, existing, patch) => {
      if (patch.name !== undefined) await assertNameFree(tx, patch.name, existing.id as string);
      // One date may change alone: check the pair as it will be stored.
      const startDate = patch.startDate !== undefined ? patch.startDate : (existing.startDate as string | null);
      const endDate = patch.endDate !== undefined ? patch.endDate : (existing.endDate as string | null);
      if (!datesInOrder({ startDate, endDate })) throw endBeforeStart();
      return patch;
    },
  },
});

/** THE transition table: every status change goes through transitionProject, which checks it here. */
export const TRANSITIONS = {
  activate: { from: ['PLANNED'], to: 'ACTIVE' },
  complete: { from: ['ACTIVE'], to: 'COMPLETED' },
  cancel: { from: ['PLANNED', 'ACTIVE'], to: 'CANCELLED' },
} as const satisfies Record<string, { from: readonly ProjectStatus[]; to: ProjectStatus }>;
export type ProjectAction = keyof typeof TRANSITIONS;

export async function transitionProject(db: Database, ctx: TenantContext, projectId: string, action: ProjectAction) {
  requirePermission(ctx.permissions, 'projects:update');
  const t = TRANSITIONS[action];
  return withTenant(db, ctx, async (tx) => {
    const project = await projectResource.load(tx, projectId, true);
    const from = project.status as ProjectStatus;
    if (!(t.from as readonly ProjectStatus[]).includes(from)) {
      throw new AppError('invalid_transition', `Cannot ${action} a project that is ${from}`);
    }
    const [row] = await tx.update(projects).set({ status: t.to, updatedAt: new Date() }).where(eq(projects.id, projectId)).returning();
    await recordChange(
      tx,
      ctx.orgId,
      { action: `project.${t.to.toLowerCase()}`, targetType: 'project', targetId: projectId, changes: { before: { status: from }, after: { status: t.to } } },
      { type: 'PROJECT_STATUS_CHANGED', payload: { id: projectId, from, to: t.to } },
    );
    return projectView(row!);
  });
}

// ---- participants -----------------------------------------------------------------------------

const Participant = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    membershipId: z.uuid().nullable().openapi({ description: 'Set when the participant is a member of the organization' }),
    externalName: z.string().nullable().openapi({ description: 'Set when the participant is an external person' }),
    externalEmail: z.string().nullable(),
    role: z.enum(PARTICIPANT_ROLES),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ProjectParticipant');

const participantView = (r: Record<string, unknown>): z.infer<typeof Participant> => ({
  id: r.id as string,
  projectId: r.projectId as string,
  membershipId: (r.membershipId as string | null) ?? null,
  externalName: (r.externalName as string | null) ?? null,
  externalEmail: (r.externalEmail as string | null) ?? null,
  role: r.role as (typeof PARTICIPANT_ROLES)[number],
  createdAt: iso(r.createdAt as Date)!,
  updatedAt: iso(r.updatedAt as Date)!,
});

const ExternalName = z.string().trim().min(1).max(200);
const ExternalEmail = z.email().max(254);
const ParticipantCreate = z
  .object({
    projectId: z.uuid(),
    membershipId: z.uuid().optional(),
    externalName: ExternalName.optional(),
    externalEmail: ExternalEmail.nullable().optional(),
    role: z.enum(PARTICIPANT_ROLES),
  })
  .strict()
  .superRefine((v, c) => {
    if ((v.membershipId === undefined) === (v.externalName === undefined)) {
      c.addIssue({ code: 'custom', path: ['membershipId'], message: 'give exactly one of membershipId (a member) or externalName (an external person)' });
    }
    if (v.externalEmail != null && v.externalName === undefined) {
      c.addIssue({ code: 'custom', path: ['externalEmail'], message: 'only an external participant has an externalEmail' });
    }
  });
// Who the participant is (project, member) is fixed; add another participant instead.
const ParticipantUpdate = z.object({ role: z.enum(PARTICIPANT_ROLES), externalName: ExternalName, externalEmail: ExternalEmail.nullable() }).partial().strict();

export const participantResource = defineResource({
  module: 'projects',
  name: 'participants',
  permission: 'participants',
  targetType: 'participant',
  table: participants,
  view: Participant,
  toView: participantView,
  create: ParticipantCreate,
  update: ParticipantUpdate,
  filters: {
    projectId: { schema: z.uuid(), where: (v: string) => eq(participants.projectId, v) },
    role: { schema: z.enum(PARTICIPANT_ROLES), where: (v: string) => eq(participants.role, v as 'STAFF') },
    membershipId: { schema: z.uuid(), where: (v: string) => eq(participants.membershipId, v) },
  },
  search: [participants.externalName, participants.externalEmail],
  sort: { createdAt: participants.createdAt, role: participants.role },
  defaultSort: { field: 'createdAt', order: 'asc' },
  hooks: {
    beforeCreate: async (tx, _ctx, input) => {
      // Another organization's project or membership is invisible here: 404, like one that does not exist.
      await projectResource.load(tx, input.projectId);
      if (input.membershipId !== undefined) {
        const [member] = await tx.select({ status: memberships.status }).from(memberships).where(eq(memberships.id, input.membershipId));
        if (!member) throw new AppError('not_found', 'membership not found');
        if (member.status !== 'ACTIVE') throw new AppError('conflict', `Only an ACTIVE member can take part; this membership is ${member.status}`);
        const [dup] = await tx
          .select({ id: participants.id })
          .from(participants)
          .where(and(eq(participants.projectId, input.projectId), eq(participants.membershipId, input.membershipId)));
        // The partial unique index is the race-safe guard; this gives the clearer message.
        if (dup) throw new AppError('conflict', 'This member already takes part in the project');
      }
      return input;
    },
    beforeUpdate: async (_tx, _ctx, existing, patch) => {
      if (existing.membershipId && (patch.externalName !== undefined || patch.externalEmail != null)) {
        throw invalid(`body.${patch.externalName !== undefined ? 'externalName' : 'externalEmail'}`, 'a member participant has no external name or email');
      }
      return patch;
    },
  },
});
