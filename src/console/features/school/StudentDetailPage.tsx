import { useState, type ReactNode } from 'react';
import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Tabs, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconArrowLeft } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { Link, useParams } from 'react-router';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { api } from '../../lib/api';
import { useOrg } from '../../lib/org-context';
import { notifyError, notifySuccess } from '../../lib/notify';
import { Empty, formatDate, ReferenceSelect, resourcePath, ResourceForm, useModuleMutation } from '../../components/resource';
import { guardianRef, studentGuardiansQuery, studentName, studentQuery, type Guardian, type Student } from './api';
import { StudentActions, studentsSpec } from './StudentsPage';

function GuardiansTab({ student }: { student: Student }) {
  const { slug, can } = useOrg();
  const guardians = useQuery(studentGuardiansQuery(slug, student.id));
  const [picked, setPicked] = useState<string | null>(null);
  const link = useModuleMutation('school', (guardianId: string, s) =>
    api.post(resourcePath(s, 'school', 'students', `/${student.id}/guardians`), { guardianId }),
  );
  const unlink = useModuleMutation('school', (guardianId: string, s) =>
    api.delete(resourcePath(s, 'school', 'students', `/${student.id}/guardians/${guardianId}`)),
  );
  const manage = can('students:update');
  const linked = guardians.data ?? [];

  return (
    <Stack>
      {manage && (
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <ReferenceSelect
            source={guardianRef}
            label="Link a guardian"
            placeholder="Search guardians"
            value={picked}
            onChange={setPicked}
            style={{ flex: 1, maxWidth: 420 }}
          />
          <Button
            disabled={!picked}
            loading={link.isPending}
            onClick={() =>
              picked &&
              link.mutate(picked, {
                onSuccess: () => {
                  notifySuccess('Guardian linked');
                  setPicked(null);
                },
                onError: (e) => notifyError(e),
              })
            }
          >
            Link
          </Button>
        </Group>
      )}
      {guardians.isError ? (
        <QueryError error={guardians.error} onRetry={() => guardians.refetch()} />
      ) : (
        <DataTable<Guardian>
          aria-label={`Guardians of ${studentName(student)}`}
          withTableBorder
          borderRadius="md"
          minHeight={linked.length ? undefined : 140}
          fetching={guardians.isPending}
          records={linked}
          noRecordsText="No guardian linked yet"
          columns={[
            { accessor: 'name', render: (g) => <Text size="sm" fw={500}>{g.name}</Text> },
            { accessor: 'relationship' },
            { accessor: 'email', render: (g) => g.email ?? <Empty /> },
            { accessor: 'phone', render: (g) => g.phone ?? <Empty /> },
            {
              accessor: 'actions',
              title: <VisuallyHidden>Actions</VisuallyHidden>,
              textAlign: 'right',
              hidden: !manage,
              render: (g) => (
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  aria-label={`Unlink ${g.name}`}
                  onClick={() => unlink.mutate(g.id, { onSuccess: () => notifySuccess(`${g.name} unlinked`), onError: (e) => notifyError(e) })}
                >
                  Unlink
                </Button>
              ),
            },
          ]}
        />
      )}
    </Stack>
  );
}

/** One student: details (editable by who may update students), activation, and guardians to link and unlink. */
export function StudentDetailPage() {
  const { slug, can } = useOrg();
  const { id = '' } = useParams();
  const student = useQuery(studentQuery(slug, id));
  const [editing, setEditing] = useState<Student | undefined>(undefined);
  if (student.isPending) return <Loading label="Loading student" />;
  if (student.isError) return <QueryError error={student.error} onRetry={() => student.refetch()} />;
  const s = student.data;
  const fact = (label: string, value: ReactNode) => (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" component="div">{value}</Text>
    </Stack>
  );
  return (
    <>
      <Anchor component={Link} to={`/o/${slug}/school/students`} size="sm">
        <Group gap={4}><IconArrowLeft size={14} /> Students</Group>
      </Anchor>
      <PageHeader
        title={studentName(s)}
        description={`Student ${s.studentNumber}`}
        actions={
          <>
            <StudentActions record={s} variant="light" size="sm" />
            {can('students:update') && <Button variant="default" onClick={() => setEditing(s)}>Edit</Button>}
          </>
        }
      />
      <Tabs defaultValue="details" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="details">Details</Tabs.Tab>
          <Tabs.Tab value="guardians">Guardians</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="details">
          <Card withBorder>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              {fact('Status', <Badge variant="light" color={s.active ? 'green' : 'gray'}>{s.active ? 'active' : 'inactive'}</Badge>)}
              {fact('Grade', s.grade ?? <Empty />)}
              {fact('Date of birth', s.dateOfBirth ? formatDate(s.dateOfBirth) : <Empty />)}
              {fact('Enrolled', formatDate(s.createdAt))}
            </SimpleGrid>
          </Card>
        </Tabs.Panel>
        <Tabs.Panel value="guardians">
          <GuardiansTab student={s} />
        </Tabs.Panel>
      </Tabs>
      <ResourceForm spec={studentsSpec} record={editing} onClose={() => setEditing(undefined)} />
    </>
  );
}
