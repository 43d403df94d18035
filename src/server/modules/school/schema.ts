// School (seed 003, PEMS): students with a student number unique inside each school, guardians, and
// the links between them. Every reference is composite with organization_id, so a student can only
// ever be linked to a guardian of the same school.
import { sql } from 'drizzle-orm';
import { boolean, date, foreignKey, index, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantTable } from '../../tenancy/tenant-table.ts';
import { foreignKeyToOrganization } from '../../platform/organizations/schema.ts';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const students = tenantTable(
  'school_students',
  {
    studentNumber: text('student_number').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    dateOfBirth: date('date_of_birth'),
    grade: text('grade'),
    active: boolean('active').notNull().default(true),
    ...timestamps,
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    // Unique among the school's live students: deleting a student (soft) frees the number for re-enrolment.
    uniqueIndex('school_students_org_number_unique').on(t.organizationId, t.studentNumber).where(sql`deleted_at is null`),
    index('school_students_org_last_name_idx').on(t.organizationId, t.lastName, t.id),
    index('school_students_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    index('school_students_org_grade_idx').on(t.organizationId, t.grade),
    foreignKeyToOrganization('school_students', t.organizationId),
  ],
);

export const guardians = tenantTable(
  'school_guardians',
  {
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    relationship: text('relationship').notNull().default('parent'),
    ...timestamps,
  },
  (t) => [
    index('school_guardians_org_name_idx').on(t.organizationId, t.name, t.id),
    index('school_guardians_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    foreignKeyToOrganization('school_guardians', t.organizationId),
  ],
);

export const studentGuardians = tenantTable(
  'school_student_guardians',
  {
    studentId: uuid('student_id').notNull(),
    guardianId: uuid('guardian_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('school_student_guardians_unique').on(t.organizationId, t.studentId, t.guardianId),
    index('school_student_guardians_guardian_idx').on(t.organizationId, t.guardianId),
    foreignKeyToOrganization('school_student_guardians', t.organizationId),
    foreignKey({ name: 'school_student_guardians_student_fk', columns: [t.organizationId, t.studentId], foreignColumns: [students.organizationId, students.id] }).onDelete('cascade'),
    foreignKey({ name: 'school_student_guardians_guardian_fk', columns: [t.organizationId, t.guardianId], foreignColumns: [guardians.organizationId, guardians.id] }).onDelete('cascade'),
  ],
);
