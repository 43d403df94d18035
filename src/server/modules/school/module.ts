// The school module (seed 003, PEMS): students with per-school unique student numbers, guardians,
// and the links between them.
import type { ModuleDefinition } from '../types.ts';
import { schoolRoutes } from './routes.ts';

export const school: ModuleDefinition = {
  id: 'school',
  name: 'School',
  description: 'Students (student numbers unique per school), guardians and who is guardian of whom.',
  permissions: {
    students: { actions: ['read', 'create', 'update', 'delete'], member: ['read'], readOnly: ['read'] },
    guardians: { actions: ['read', 'create', 'update', 'delete'], member: ['read'], readOnly: ['read'] },
  },
  eventTypes: ['STUDENT_ENROLLED', 'STUDENT_DEACTIVATED'],
  tables: ['school_students', 'school_guardians', 'school_student_guardians'],
  routes: schoolRoutes,
};
