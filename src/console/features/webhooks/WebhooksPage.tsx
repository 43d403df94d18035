import { useState } from 'react';
import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconAlertTriangle, IconPlus } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useOrg } from '../../lib/org-context';
import { endpointsQuery, type Endpoint } from './api';
import { EndpointActions } from './EndpointActions';
import { EndpointStatusBadge, EventTypeBadges } from './EndpointBadges';
import { EndpointFormModal } from './EndpointFormModal';
import { SecretDialog, type ShownSecret } from './SecretDialog';

/** The organization's webhook endpoints (webhooks:read); changes for webhooks:manage. */
export function WebhooksPage() {
  const { slug, can } = useOrg();
  const list = useQuery(endpointsQuery(slug));
  const [editing, setEditing] = useState<Endpoint | null | undefined>(undefined);
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const endpoints = list.data?.items ?? [];
  const failing = endpoints.filter((e) => !e.enabled && e.disabledReason);

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Endpoints that receive this organization's events, signed with their own secret, retried until they answer."
        actions={can('webhooks:manage') && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)}>Add endpoint</Button>}
      />
      {failing.length > 0 && (
        <Alert color="red" icon={<IconAlertTriangle />} mb="md" title={`${failing.length} endpoint${failing.length > 1 ? 's were' : ' was'} switched off after repeated failures`}>
          Fix the receiver, then enable the endpoint again: pending deliveries resume.
        </Alert>
      )}
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <DataTable
          aria-label="Webhook endpoints"
          withTableBorder
          borderRadius="md"
          highlightOnHover
          minHeight={endpoints.length ? undefined : 180}
          fetching={list.isFetching}
          records={endpoints}
          noRecordsText="No endpoints yet"
          columns={[
            {
              accessor: 'url',
              title: 'Endpoint',
              render: (e) => (
                <Stack gap={0}>
                  <Anchor component={Link} to={`/o/${slug}/webhooks/${e.id}`} size="sm" fw={500} style={{ wordBreak: 'break-all' }}>{e.url}</Anchor>
                  {e.description && <Text size="xs" c="dimmed" lineClamp={1}>{e.description}</Text>}
                </Stack>
              ),
            },
            { accessor: 'eventTypes', title: 'Events', visibleMediaQuery: '(min-width: 48em)', render: (e) => <EventTypeBadges types={e.eventTypes} /> },
            {
              accessor: 'enabled',
              title: 'Status',
              render: (e) => (
                <Stack gap={2}>
                  <EndpointStatusBadge endpoint={e} />
                  {e.disabledReason && <Text size="xs" c="red">{e.disabledReason}</Text>}
                </Stack>
              ),
            },
            { accessor: 'consecutiveFailures', title: 'Failures in a row', textAlign: 'right', visibleMediaQuery: '(min-width: 36em)' },
            {
              accessor: 'actions',
              title: '',
              textAlign: 'right',
              render: (e) => <EndpointActions endpoint={e} onEdit={setEditing} onSecret={setSecret} />,
            },
          ]}
        />
      )}
      <EndpointFormModal
        endpoint={editing}
        eventTypes={list.data?.eventTypes ?? []}
        onClose={() => setEditing(undefined)}
        onCreated={(c) => setSecret({ kind: 'created', url: c.url, secret: c.secret })}
      />
      <SecretDialog shown={secret} onClose={() => setSecret(null)} />
    </>
  );
}
