// The projects module (seed 004, openhorizon): projects with a lifecycle, and participants who are
// members of the organization or external people, each with a project role.
import type { ModuleDefinition } from '../types.ts';
import { projectsRoutes } from './routes.ts';

export const projectsModule: ModuleDefinition = {
  id: 'projects',
  name: 'Projects',
  description: 'Projects (PLANNED → ACTIVE → COMPLETED, or CANCELLED) with participants: members or external people as STAFF, PARTNER, PARTICIPANT or GUARDIAN.',
  permissions: {
    projects: { actions: ['read', 'create', 'update', 'delete'], member: ['read', 'create', 'update'], readOnly: ['read'] },
    participants: { actions: ['read', 'create', 'update', 'delete'], member: ['read', 'create', 'update', 'delete'], readOnly: ['read'] },
  },
  eventTypes: ['PROJECT_CREATED', 'PROJECT_STATUS_CHANGED'],
  tables: ['projects_projects', 'projects_participants'],
  routes: projectsRoutes,
};
