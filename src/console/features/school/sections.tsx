// The school module's screens for the section registry (app/sections.tsx).
import { IconSchool, IconUserHeart } from '@tabler/icons-react';
import type { Section } from '../../app/sections';
import { gatedBy } from '../../components/ModuleGate';
import { GuardiansPage } from './GuardiansPage';
import { StudentDetailPage } from './StudentDetailPage';
import { StudentsPage } from './StudentsPage';

const gated = gatedBy('school');

export const schoolSections: Section[] = [
  { module: 'school', path: 'school/students', element: gated(<StudentsPage />), nav: { label: 'Students', icon: IconSchool }, permission: 'students:read' },
  { module: 'school', path: 'school/students/:id', element: gated(<StudentDetailPage />), permission: 'students:read' },
  { module: 'school', path: 'school/guardians', element: gated(<GuardiansPage />), nav: { label: 'Guardians', icon: IconUserHeart }, permission: 'guardians:read' },
];
