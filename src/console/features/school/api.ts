// The school module's rows; a student's guardians live under ['org', slug, 'school', 'students', id, 'guardians'].
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { orgKey } from '../../lib/org';
import { resourcePath, type ReferenceSource } from '../../components/resource';

export type Student = {
  id: string; studentNumber: string; firstName: string; lastName: string; dateOfBirth: string | null; grade: string | null;
  active: boolean; createdAt: string; updatedAt: string;
};
export type Guardian = { id: string; name: string; email: string | null; phone: string | null; relationship: string; createdAt: string; updatedAt: string };

export const guardianRef: ReferenceSource = { module: 'school', resource: 'guardians', label: (g: Guardian) => `${g.name} (${g.relationship})` };
export const studentName = (s: Pick<Student, 'firstName' | 'lastName'>) => `${s.firstName} ${s.lastName}`;

export const studentQuery = (slug: string, id: string) =>
  queryOptions({
    queryKey: orgKey(slug, 'school', 'students', 'detail', id),
    queryFn: ({ signal }) => api.get<Student>(resourcePath(slug, 'school', 'students', `/${id}`), { signal }),
  });

export const studentGuardiansQuery = (slug: string, id: string) =>
  queryOptions({
    queryKey: orgKey(slug, 'school', 'students', id, 'guardians'),
    queryFn: ({ signal }) => api.get<{ items: Guardian[] }>(resourcePath(slug, 'school', 'students', `/${id}/guardians`), { signal }).then((r) => r.items),
  });
