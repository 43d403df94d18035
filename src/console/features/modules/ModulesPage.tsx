import { Alert, Anchor, Badge, Button, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconArrowRight } from '@tabler/icons-react';
import { Link } from 'react-router';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { isApiError } from '../../lib/api';
import { modulesKey, modulesQuery, type OrgModule } from '../../lib/modules';
import { useOrg } from '../../lib/org-context';
import { errorMessage, notifySuccess } from '../../lib/notify';
import { MODULE_HOME, settingsLink, useToggleModule } from './api';

/** Settings fields named by requirements, as the settings page labels them. */
const FIELD_LABELS: Record<string, string> = { contactEmail: 'Contact email', address: 'Address', currency: 'Default currency' };

const humanize = (resource: string) => resource.replace(/_/g, ' ');

function Requirements({ module, names }: { module: OrgModule; names: Map<string, string> }) {
  const { slug, can } = useOrg();
  if (module.enabled || (!module.unmetRequirements.length && !module.missingDependencies.length)) return null;
  return (
    <Alert color="yellow" icon={<IconAlertTriangle />} title={`Before ${module.name} can be enabled`} mt="sm" role="note" aria-label={`What ${module.name} needs`}>
      <List size="sm" spacing={4}>
        {module.missingDependencies.map((d) => (
          <List.Item key={d}>Enable the {names.get(d) ?? d} module first.</List.Item>
        ))}
        {module.unmetRequirements.map((r) => (
          <List.Item key={r.key}>
            {r.description}.{' '}
            <Anchor component={Link} to={settingsLink(slug, r.settingsField)}>
              Set {(FIELD_LABELS[r.settingsField] ?? r.settingsField).toLowerCase()} in settings
            </Anchor>
          </List.Item>
        ))}
      </List>
      {!can('settings:update') && <Text size="xs" mt="xs">Your role cannot change settings: ask an owner or administrator.</Text>}
    </Alert>
  );
}

function ModuleCard({ module, names }: { module: OrgModule; names: Map<string, string> }) {
  const { slug, can } = useOrg();
  const queryClient = useQueryClient();
  const toggle = useToggleModule(slug);
  const manage = can('modules:manage');

  const run = (enable: boolean) =>
    toggle.mutate(
      { id: module.id, enable },
      {
        onSuccess: () => notifySuccess(`${module.name} ${enable ? 'enabled' : 'disabled'}`),
        // Refused (settings changed in another tab?): show the current requirements next to the answer.
        onError: (e) => isApiError(e) && e.status === 422 && void queryClient.invalidateQueries({ queryKey: modulesKey(slug) }),
      },
    );
  const confirmDisable = () =>
    modals.openConfirmModal({
      title: `Disable ${module.name}?`,
      children: <Text size="sm">Its screens disappear for everyone in the organization. Its data is kept and comes back when it is enabled again.</Text>,
      labels: { confirm: 'Disable', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => run(false),
    });

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={module.name}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={3}>{module.name}</Title>
            <Badge color={module.enabled ? 'green' : 'gray'} variant="light">{module.enabled ? 'Enabled' : 'Disabled'}</Badge>
          </Group>
          <Text size="sm" c="dimmed">{module.description}</Text>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          {module.enabled && MODULE_HOME[module.id] && (
            <Button component={Link} to={`/o/${slug}/${MODULE_HOME[module.id]}`} variant="default" rightSection={<IconArrowRight size={14} />} aria-label={`Open ${module.name}`}>
              Open
            </Button>
          )}
          {manage &&
            (module.enabled ? (
              <Button variant="light" color="red" loading={toggle.isPending} onClick={confirmDisable} aria-label={`Disable ${module.name}`}>Disable</Button>
            ) : (
              <Button loading={toggle.isPending} onClick={() => run(true)} aria-label={`Enable ${module.name}`}>Enable</Button>
            ))}
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mt="xs">Adds: {module.resources.map(humanize).join(' · ')}</Text>
      {toggle.error && (
        <Alert color="red" role="alert" mt="sm" title={`${module.name} was not ${toggle.variables?.enable ? 'enabled' : 'disabled'}`}>
          {errorMessage(toggle.error)}
        </Alert>
      )}
      <Requirements module={module} names={names} />
    </Paper>
  );
}

/** The organization's modules: what each adds, whether it is on, and what enabling it still needs. */
export function ModulesPage() {
  const { slug, can } = useOrg();
  const modules = useQuery(modulesQuery(slug));
  if (modules.isPending) return <Loading label="Loading modules" />;
  if (modules.isError) return <QueryError error={modules.error} onRetry={() => modules.refetch()} />;
  const names = new Map(modules.data.map((m) => [m.id, m.name]));
  return (
    <>
      <PageHeader
        title="Modules"
        description={
          can('modules:manage')
            ? 'Turn features on for this organization. Disabling a module hides it; its data is kept.'
            : 'Features of this organization. An owner or administrator turns them on and off.'
        }
      />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {modules.data.map((m) => <ModuleCard key={m.id} module={m} names={names} />)}
      </SimpleGrid>
    </>
  );
}
