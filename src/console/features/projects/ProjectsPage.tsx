import { Button, Stack, Text } from '@mantine/core';
import { useNavigate } from 'react-router';
import { Empty, formatDate, ResourcePage, RowActionButton, StateBadge, type ResourceSpec } from '../../components/resource';
import { useOrg } from '../../lib/org-context';
import type { Project } from './api';

/** PLANNED → ACTIVE → COMPLETED, or CANCELLED from PLANNED/ACTIVE; plus the way to its participants. */
function ProjectActions({ record: p }: { record: Project }) {
  const { slug, can } = useOrg();
  const navigate = useNavigate();
  const common = { module: 'projects', resource: 'projects', id: p.id } as const;
  const update = can('projects:update');
  return (
    <>
      {can('participants:read') && (
        <Button size="compact-sm" variant="subtle" aria-label={`Participants of ${p.name}`} onClick={() => navigate(`/o/${slug}/projects/participants?projectId=${p.id}`)}>
          Participants
        </Button>
      )}
      {update && p.status === 'PLANNED' && <RowActionButton {...common} action="activate" label="Start" ariaLabel={`Start project ${p.name}`} done={`${p.name} is active`} />}
      {update && p.status === 'ACTIVE' && (
        <RowActionButton {...common} action="complete" label="Complete" color="green" ariaLabel={`Complete project ${p.name}`} done={`${p.name} completed`} />
      )}
      {update && (p.status === 'PLANNED' || p.status === 'ACTIVE') && (
        <RowActionButton {...common} action="cancel" label="Cancel" color="red" ariaLabel={`Cancel project ${p.name}`} confirm="A cancelled project cannot be started again." done={`${p.name} cancelled`} />
      )}
    </>
  );
}

export const projectsSpec: ResourceSpec<Project> = {
  module: 'projects',
  resource: 'projects',
  permission: 'projects',
  title: 'Projects',
  singular: 'project',
  description: 'Planned, running and finished projects.',
  label: (p) => p.name,
  columns: [
    {
      accessor: 'name',
      render: (p) => (
        <Stack gap={0}>
          <Text size="sm" fw={500}>{p.name}</Text>
          {p.description && <Text size="xs" c="dimmed" lineClamp={1}>{p.description}</Text>}
        </Stack>
      ),
    },
    { accessor: 'status', render: (p) => <StateBadge state={p.status} /> },
    { accessor: 'startDate', title: 'Starts', render: (p) => (p.startDate ? formatDate(p.startDate) : <Empty />) },
    { accessor: 'endDate', title: 'Ends', render: (p) => (p.endDate ? formatDate(p.endDate) : <Empty />) },
    { accessor: 'createdAt', title: 'Created', visibleMediaQuery: '(min-width: 62em)', render: (p) => formatDate(p.createdAt) },
  ],
  sortable: ['name', 'createdAt'],
  defaultSort: { field: 'createdAt', order: 'desc' },
  search: 'Search name or description',
  filters: [
    { name: 'status', label: 'Status', kind: 'select', placeholder: 'Any status', options: ['PLANNED', 'ACTIVE', 'COMPLETED', 'CANCELLED'].map((s) => ({ value: s, label: s.toLowerCase() })) },
  ],
  fields: [
    { name: 'name', label: 'Name', required: true, maxLength: 200 },
    { name: 'description', label: 'Description', kind: 'textarea', nullable: true, maxLength: 2000 },
    { name: 'startDate', label: 'Start date', kind: 'date', nullable: true },
    { name: 'endDate', label: 'End date', kind: 'date', nullable: true },
  ],
  RowActions: ProjectActions,
};

export const ProjectsPage = () => <ResourcePage spec={projectsSpec} />;
