import { Badge, Text } from '@mantine/core';
import { Empty, formatDate, ResourcePage, RowActionButton, type ResourceSpec } from '../../components/resource';
import { useOrg } from '../../lib/org-context';
import { studentName, type Student } from './api';

/** Deactivate keeps the student (listed as inactive); activate brings them back. */
export function StudentActions({ record: s, variant = 'subtle', size = 'compact-sm' }: { record: Student; variant?: 'subtle' | 'light'; size?: 'compact-sm' | 'sm' }) {
  const { can } = useOrg();
  if (!can('students:update')) return null;
  const common = { module: 'school', resource: 'students', id: s.id, variant, size } as const;
  return s.active ? (
    <RowActionButton {...common} action="deactivate" label="Deactivate" color="orange" ariaLabel={`Deactivate student ${studentName(s)}`} done={`${studentName(s)} deactivated`} />
  ) : (
    <RowActionButton {...common} action="activate" label="Activate" ariaLabel={`Activate student ${studentName(s)}`} done={`${studentName(s)} is active again`} />
  );
}

export const studentsSpec: ResourceSpec<Student> = {
  module: 'school',
  resource: 'students',
  permission: 'students',
  title: 'Students',
  singular: 'student',
  description: 'Enrolled students; student numbers are unique in the school.',
  label: studentName,
  columns: [
    { accessor: 'studentNumber', title: 'Number', render: (s) => <Text size="sm" ff="monospace">{s.studentNumber}</Text> },
    { accessor: 'lastName', title: 'Name', render: (s) => <Text size="sm" fw={500}>{s.lastName}, {s.firstName}</Text> },
    { accessor: 'grade', render: (s) => s.grade ?? <Empty /> },
    { accessor: 'dateOfBirth', title: 'Born', visibleMediaQuery: '(min-width: 48em)', render: (s) => (s.dateOfBirth ? formatDate(s.dateOfBirth) : <Empty />) },
    { accessor: 'active', render: (s) => <Badge variant="light" color={s.active ? 'green' : 'gray'}>{s.active ? 'active' : 'inactive'}</Badge> },
  ],
  sortable: ['studentNumber', 'lastName', 'createdAt'],
  defaultSort: { field: 'lastName', order: 'asc' },
  search: 'Search name or number',
  filters: [
    { name: 'active', label: 'Active', kind: 'boolean', placeholder: 'Active or not', options: [{ value: 'true', label: 'Active' }, { value: 'false', label: 'Inactive' }] },
    { name: 'grade', label: 'Grade', kind: 'text' },
  ],
  fields: [
    { name: 'studentNumber', label: 'Student number', required: true, maxLength: 50 },
    { name: 'firstName', label: 'First name', required: true, maxLength: 100 },
    { name: 'lastName', label: 'Last name', required: true, maxLength: 100 },
    { name: 'dateOfBirth', label: 'Date of birth', kind: 'date', nullable: true },
    { name: 'grade', label: 'Grade', nullable: true, maxLength: 50 },
  ],
  rowHref: (s) => `school/students/${s.id}`,
  RowActions: StudentActions,
};

export const StudentsPage = () => <ResourcePage spec={studentsSpec} />;
