// School resources declared through the toolkit (students, guardians), plus activation and the
// student ↔ guardian links.
import { z } from '@hono/zod-openapi';
import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { requirePermission } from '../../tenancy/permissions.ts';
import { withTenant, type TenantContext } from '../../tenancy/with-tenant.ts';
import { recordChange } from '../../platform/audit/record.ts';
import { iso } from '../../platform/organizations/view.ts';
import { defineResource } from '../toolkit/resource.ts';
import { guardians, studentGuardians, students } from './schema.ts';

const IsoDay = z.iso.date();
/** The latest calendar day anywhere on Earth (UTC+14), so a birth "today" in Kiribati is not refused. */
const latestToday = () => new Date(Date.now() + 14 * 3600_000).toISOString().slice(0, 10);
const DateOfBirth = IsoDay.refine((d) => d >= '1900-01-01' && d <= latestToday(), 'a date between 1900-01-01 and today');
const Name = z.string().trim().min(1).max(100);
const StudentNumber = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._/-]*$/u, 'letters, digits, spaces and . _ / - (starting with a letter or digit)');
const Grade = z.string().trim().min(1).max(50);

// ---- students ---------------------------------------------------------------------------------

const Student = z
  .object({
    id: z.uuid(),
    studentNumber: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    dateOfBirth: z.string().nullable().openapi({ format: 'date' }),
    grade: z.string().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SchoolStudent');

const studentView = (r: Record<string, unknown>): z.infer<typeof Student> => ({
  id: r.id as string,
  studentNumber: r.studentNumber as string,
  firstName: r.firstName as string,
  lastName: r.lastName as string,
  dateOfBirth: (r.dateOfBirth as string | null) ?? null,
  grade: (r.grade as string | null) ?? null,
  active: r.active as boolean,
  createdAt: iso(r.createdAt as Date)!,
  updatedAt: iso(r.updatedAt as Date)!,
});

// `active` is not writable here: it changes only through activate/deactivate (audited, with its event).
const StudentCreate = z
  .object({ studentNumber: StudentNumber, firstName: Name, lastName: Name, dateOfBirth: DateOfBirth.nullable().optional(), grade: Grade.nullable().optional() })
  .strict();
const StudentUpdate = StudentCreate.partial().strict();

/** A friendly 409 before the insert; the partial unique index is what makes it race-safe. */
async function assertNumberFree(tx: Tx, studentNumber: string, exceptId?: string) {
  const [taken] = await tx
    .select({ id: students.id })
    .from(students)
    .where(and(eq(students.studentNumber, studentNumber), isNull(students.deletedAt), exceptId ? ne(students.id, exceptId) : undefined));
  if (taken) throw new AppError('conflict', `Student number ${studentNumber} is already in use`);
}

export const studentResource = defineResource({
  module: 'school',
  name: 'students',
  permission: 'students',
  targetType: 'student',
  table: students,
  view: Student,
  toView: studentView,
  create: StudentCreate,
  update: StudentUpdate,
  filters: {
    active: { schema: z.enum(['true', 'false']), where: (v: string) => eq(students.active, v === 'true') },
    grade: { schema: Grade, where: (v: string) => eq(students.grade, v) },
  },
  search: [students.firstName, students.lastName, students.studentNumber],
  sort: { lastName: students.lastName, studentNumber: students.studentNumber, createdAt: students.createdAt },
  defaultSort: { field: 'lastName', order: 'asc' },
  softDelete: true,
  events: { created: 'STUDENT_ENROLLED' },
  hooks: {
    beforeCreate: async (tx, _ctx, input) => {
      await assertNumberFree(tx, input.studentNumber);
      return input;
    },
    beforeUpdate: async (tx, _ctx, existing, patch) => {
      if (patch.studentNumber !== undefined && patch.studentNumber !== existing.studentNumber) await assertNumberFree(tx, patch.studentNumber, existing.id as string);
      return patch;
    },
  },
});

/** Activation is the one place `active` changes; deactivating emits STUDENT_DEACTIVATED. */
export async function setStudentActive(db: Database, ctx: TenantContext, studentId: string, active: boolean) {
  requirePermission(ctx.permissions, 'students:update');
  return withTenant(db, ctx, async (tx) => {
    const student = await studentResource.load(tx, studentId, true);
    if (student.active === active) throw new AppError('invalid_transition', `The student is already ${active ? 'active' : 'inactive'}`);
    const [row] = await tx.update(students).set({ active, updatedAt: new Date() }).where(eq(students.id, studentId)).returning();
    await recordChange(
      tx,
      ctx.orgId,
      { action: active ? 'student.activated' : 'student.deactivated', targetType: 'student', targetId: studentId, changes: { before: { active: !active }, after: { active } } },
      active ? undefined : { type: 'STUDENT_DEACTIVATED', payload: { id: studentId, studentNumber: row!.studentNumber } },
    );
    return studentView(row!);
  });
}

// ---- guardians --------------------------------------------------------------------------------

const Guardian = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    relationship: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SchoolGuardian');

const guardianView = (r: Record<string, unknown>): z.infer<typeof Guardian> => ({
  id: r.id as string,
  name: r.name as string,
  email: (r.email as string | null) ?? null,
  phone: (r.phone as string | null) ?? null,
  relationship: r.relationship as string,
  createdAt: iso(r.createdAt as Date)!,
  updatedAt: iso(r.updatedAt as Date)!,
});

// No zod defaults here: `.partial()` keeps them, and a PATCH would silently reset the field. The
// column default ('parent') applies when `relationship` is omitted on create.
const GuardianCreate = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.email().max(254).nullable().optional(),
    phone: z.string().trim().regex(/^\+?[0-9][0-9 ()./-]{2,29}$/, 'a phone number like +1 555 0100').nullable().optional(),
    relationship: z.string().trim().min(1).max(50).optional().openapi({ description: "e.g. parent, grandparent, legal guardian (default 'parent')" }),
  })
  .strict();
const GuardianUpdate = GuardianCreate.partial().strict();

export const guardianResource = defineResource({
  module: 'school',
  name: 'guardians',
  permission: 'guardians',
  targetType: 'guardian',
  table: guardians,
  view: Guardian,
  toView: guardianView,
  create: GuardianCreate,
  update: GuardianUpdate,
  filters: {
    relationship: { schema: z.string().max(50), where: (v: string) => eq(guardians.relationship, v) },
  },
  search: [guardians.name, guardians.email, guardians.phone],
  sort: { name: guardians.name, createdAt: guardians.createdAt },
  defaultSort: { field: 'name', order: 'asc' },
});

// ---- student ↔ guardian links -----------------------------------------------------------------

export const Link = z.object({ studentId: z.uuid(), guardianId: z.uuid(), createdAt: z.string() }).openapi('SchoolStudentGuardian');
export const LinkInput = z.object({ guardianId: z.uuid() }).strict();
export const StudentList = z.object({ items: z.array(Student) });
export const GuardianList = z.object({ items: z.array(Guardian) });

/** A student's guardians (the student must exist and not be deleted in this organization). */
export async function guardiansOf(db: Database, ctx: TenantContext, studentId: string) {
  requirePermission(ctx.permissions, 'students:read');
  requirePermission(ctx.permissions, 'guardians:read');
  return withTenant(db, ctx, async (tx) => {
    await studentResource.load(tx, studentId);
    const rows = await tx
      .select({ g: guardians })
      .from(studentGuardians)
      .innerJoin(guardians, and(eq(guardians.organizationId, studentGuardians.organizationId), eq(guardians.id, studentGuardians.guardianId)))
      .where(eq(studentGuardians.studentId, studentId))
      .orderBy(asc(guardians.name), asc(guardians.id));
    return { items: rows.map((r) => guardianView(r.g)) };
  });
}

/** A guardian's students (deleted students are left out). */
export async function studentsOf(db: Database, ctx: TenantContext, guardianId: string) {
  requirePermission(ctx.permissions, 'guardians:read');
  requirePermission(ctx.permissions, 'students:read');
  return withTenant(db, ctx, async (tx) => {
    await guardianResource.load(tx, guardianId);
    const rows = await tx
      .select({ s: students })
      .from(studentGuardians)
      .innerJoin(students, and(eq(students.organizationId, studentGuardians.organizationId), eq(students.id, studentGuardians.studentId)))
      .where(and(eq(studentGuardians.guardianId, guardianId), isNull(students.deletedAt)))
      .orderBy(asc(students.lastName), asc(students.id));
    return { items: rows.map((r) => studentView(r.s)) };
  });
}

/** Links are part of the student's record: linking and unlinking need students:update. */
export async function linkGuardian(db: Database, ctx: TenantContext, studentId: string, guardianId: string) {
  requirePermission(ctx.permissions, 'students:update');
  return withTenant(db, ctx, async (tx) => {
    await studentResource.load(tx, studentId, true);
    // Another organization's guardian is invisible here: 404, exactly like one that does not exist.
    await guardianResource.load(tx, guardianId);
    const [existing] = await tx
      .select({ id: studentGuardians.id })
      .from(studentGuardians)
      .where(and(eq(studentGuardians.studentId, studentId), eq(studentGuardians.guardianId, guardianId)));
    if (existing) throw new AppError('conflict', 'The guardian is already linked to this student');
    const [row] = await tx.insert(studentGuardians).values({ organizationId: ctx.orgId, studentId, guardianId }).returning();
    await recordChange(tx, ctx.orgId, { action: 'student.guardian_linked', targetType: 'student', targetId: studentId, changes: { after: { guardianId } } });
    return { studentId, guardianId, createdAt: iso(row!.createdAt)! };
  });
}

export async function unlinkGuardian(db: Database, ctx: TenantContext, studentId: string, guardianId: string) {
  requirePermission(ctx.permissions, 'students:update');
  return withTenant(db, ctx, async (tx) => {
    await studentResource.load(tx, studentId, true);
    const [removed] = await tx
      .delete(studentGuardians)
      .where(and(eq(studentGuardians.studentId, studentId), eq(studentGuardians.guardianId, guardianId)))
      .returning({ id: studentGuardians.id });
    if (!removed) throw new AppError('not_found', 'The guardian is not linked to this student');
    await recordChange(tx, ctx.orgId, { action: 'student.guardian_unlinked', targetType: 'student', targetId: studentId, changes: { before: { guardianId } } });
    return { studentId, guardianId, unlinked: true as const };
  });
}
