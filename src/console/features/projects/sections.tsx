// The projects module's screens for the section registry (app/sections.tsx).
import { IconBriefcase, IconUsersGroup } from '@tabler/icons-react';
import type { Section } from '../../app/sections';
import { gatedBy } from '../../components/ModuleGate';
import { ParticipantsPage } from './ParticipantsPage';
import { ProjectsPage } from './ProjectsPage';

const gated = gatedBy('projects');

export const projectsSections: Section[] = [
  { module: 'projects', path: 'projects/projects', element: gated(<ProjectsPage />), nav: { label: 'Projects', icon: IconBriefcase }, permission: 'projects:read' },
  { module: 'projects', path: 'projects/participants', element: gated(<ParticipantsPage />), nav: { label: 'Participants', icon: IconUsersGroup }, permission: 'participants:read' },
];
