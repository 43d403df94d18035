import { useState } from 'react';
import { Alert, Anchor, Button, Card, DataList, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconAlertTriangle, IconSend } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { Loading } from '../../components/Loading';
import { QueryError } from '../../components/QueryError';
import { useOrg } from '../../lib/org-context';
import { notifyError, notifySuccess } from '../../lib/notify';
import { endpointQuery, endpointsQuery, useSendTestEvent, useUpdateEndpoint, type Endpoint } from './api';
import { DeliveryLog } from './DeliveryLog';
import { EndpointActions } from './EndpointActions';
import { EndpointStatusBadge, EventTypeBadges } from './EndpointBadges';
import { EndpointFormModal } from './EndpointFormModal';
import { SecretDialog, type ShownSecret } from './SecretDialog';

/** One endpoint: its settings, what disabled it (if anything), a test button, and its delivery log. */
export function EndpointDetailPage() {
  const { endpointId = '' } = useParams();
  const { slug, can } = useOrg();
  const navigate = useNavigate();
  const endpoint = useQuery(endpointQuery(slug, endpointId));
  const eventTypes = useQuery({ ...endpointsQuery(slug), enabled: can('webhooks:manage') }).data?.eventTypes ?? [];
  const sendTest = useSendTestEvent(slug);
  const update = useUpdateEndpoint(slug);
  const [editing, setEditing] = useState<Endpoint | null | undefined>(undefined);
  const [secret, setSecret] = useState<ShownSecret | null>(null);

  if (endpoint.isPending) return <Loading />;
  if (endpoint.isError) return <QueryError error={endpoint.error} onRetry={() => endpoint.refetch()} />;
  const e = endpoint.data;

  return (
    <Stack>
      <Anchor component={Link} to={`/o/${slug}/webhooks`} size="sm">← Webhooks</Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4} maw="100%">
          <Group gap="xs">
            <Title order={2} style={{ wordBreak: 'break-all' }}>{e.url}</Title>
            <EndpointStatusBadge endpoint={e} />
          </Group>
          {e.description && <Text c="dimmed" size="sm">{e.description}</Text>}
        </Stack>
        {can('webhooks:manage') && (
          <Group gap="xs">
            <Button
              leftSection={<IconSend size={16} />}
              loading={sendTest.isPending}
              onClick={() =>
                sendTest.mutate(e.id, { onSuccess: () => notifySuccess('Test event queued'), onError: (err) => notifyError(err) })
              }
            >
              Send test event
            </Button>
            <EndpointActions endpoint={e} onEdit={setEditing} onSecret={setSecret} onDeleted={() => navigate(`/o/${slug}/webhooks`, { replace: true })} />
          </Group>
        )}
      </Group>
      {!e.enabled && e.disabledReason && (
        <Alert color="red" icon={<IconAlertTriangle />} title="Switched off by Tenantry" role="alert">
          <Group justify="space-between" wrap="wrap">
            <Text size="sm">{e.disabledReason}. Deliveries wait until the endpoint is enabled again.</Text>
            {can('webhooks:manage') && (
              <Button
                size="xs"
                color="red"
                variant="light"
                loading={update.isPending}
                onClick={() => update.mutate({ id: e.id, enabled: true }, { onSuccess: () => notifySuccess('Endpoint enabled'), onError: (err) => notifyError(err) })}
              >
                Enable again
              </Button>
            )}
          </Group>
        </Alert>
      )}
      <Card withBorder>
        <DataList size="sm" labelWidth={160}>
          <DataList.Item>
            <DataList.ItemLabel>Events</DataList.ItemLabel>
            <DataList.ItemValue><EventTypeBadges types={e.eventTypes} max={20} /></DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Failures in a row</DataList.ItemLabel>
            <DataList.ItemValue>{e.consecutiveFailures}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Created</DataList.ItemLabel>
            <DataList.ItemValue>{new Date(e.createdAt).toLocaleString()}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Last changed</DataList.ItemLabel>
            <DataList.ItemValue>{new Date(e.updatedAt).toLocaleString()}</DataList.ItemValue>
          </DataList.Item>
        </DataList>
      </Card>
      <DeliveryLog endpointId={e.id} />
      <EndpointFormModal endpoint={editing} eventTypes={eventTypes} onClose={() => setEditing(undefined)} onCreated={() => {}} />
      <SecretDialog shown={secret} onClose={() => setSecret(null)} />
    </Stack>
  );
}
