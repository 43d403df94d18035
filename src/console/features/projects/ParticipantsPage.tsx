import { Badge, Stack, Text } from '@mantine/core';
import { MemberName, RefName, ResourcePage, type ResourceSpec } from '../../components/resource';
import { PARTICIPANT_ROLES, projectRef, type Participant } from './api';

const ROLE_OPTIONS = PARTICIPANT_ROLES.map((r) => ({ value: r, label: r.charAt(0) + r.slice(1).toLowerCase() }));
const isMember = (v: Record<string, unknown>) => v.kind === 'member';

export const participantsSpec: ResourceSpec<Participant> = {
  module: 'projects',
  resource: 'participants',
  permission: 'participants',
  title: 'Participants',
  singular: 'participant',
  description: 'Who takes part in which project: members of the organization or external people, each with a role.',
  label: (p) => p.externalName ?? 'member',
  columns: [
    {
      accessor: 'who',
      title: 'Participant',
      render: (p) =>
        p.membershipId ? (
          <Stack gap={0}>
            <Text size="sm" fw={500}><MemberName id={p.membershipId} /></Text>
            <Text size="xs" c="dimmed">member</Text>
          </Stack>
        ) : (
          <Stack gap={0}>
            <Text size="sm" fw={500}>{p.externalName}</Text>
            <Text size="xs" c="dimmed">{p.externalEmail ?? 'external'}</Text>
          </Stack>
        ),
    },
    { accessor: 'projectId', title: 'Project', render: (p) => <RefName source={projectRef} id={p.projectId} /> },
    { accessor: 'role', render: (p) => <Badge variant="outline" tt="none">{p.role.toLowerCase()}</Badge> },
  ],
  sortable: ['createdAt', 'role'],
  defaultSort: { field: 'createdAt', order: 'asc' },
  search: 'Search external name or email',
  filters: [
    { name: 'projectId', label: 'Project', kind: 'reference', reference: projectRef, placeholder: 'Any project' },
    { name: 'role', label: 'Role', kind: 'select', options: ROLE_OPTIONS, placeholder: 'Any role' },
  ],
  fields: [
    { name: 'projectId', label: 'Project', kind: 'reference', reference: projectRef, required: true, on: 'create' },
    {
      name: 'kind',
      label: 'Who',
      kind: 'segmented',
      local: true,
      on: 'create',
      defaultValue: 'member',
      options: [
        { value: 'member', label: 'A member of the organization' },
        { value: 'external', label: 'An external person' },
      ],
    },
    { name: 'membershipId', label: 'Member', kind: 'member', required: true, on: 'create', visible: isMember },
    { name: 'externalName', label: 'Name', required: true, maxLength: 200, visible: (v) => !isMember(v) },
    { name: 'externalEmail', label: 'Email', kind: 'email', nullable: true, visible: (v) => !isMember(v) },
    { name: 'role', label: 'Role', kind: 'select', options: ROLE_OPTIONS, required: true, defaultValue: 'PARTICIPANT' },
  ],
  toForm: (p) => ({ ...p, kind: p.membershipId ? 'member' : 'external' }),
};

export const ParticipantsPage = () => <ResourcePage spec={participantsSpec} />;
