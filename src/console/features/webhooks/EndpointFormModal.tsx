import { useEffect } from 'react';
import { Alert, Button, Checkbox, Group, Modal, MultiSelect, Stack, Switch, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { fieldErrorsOf } from '../../lib/form-errors';
import { useOrg } from '../../lib/org-context';
import { errorMessage, notifySuccess } from '../../lib/notify';
import { ALL_EVENTS, useCreateEndpoint, useUpdateEndpoint, type Endpoint, type EndpointWithSecret } from './api';

type Values = { url: string; description: string; allEvents: boolean; eventTypes: string[]; enabled: boolean };

const valuesOf = (e: Endpoint | null): Values => ({
  url: e?.url ?? '',
  description: e?.description ?? '',
  allEvents: !e || e.eventTypes.includes(ALL_EVENTS),
  eventTypes: e?.eventTypes.filter((t) => t !== ALL_EVENTS) ?? [],
  enabled: e?.enabled ?? true,
});

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

type Props = {
  /** undefined = closed, null = a new endpoint, an endpoint = edit it. */
  endpoint: Endpoint | null | undefined;
  eventTypes: string[];
  onClose: () => void;
  /** After creating: the caller shows the secret (once). */
  onCreated: (created: EndpointWithSecret) => void;
};

export function EndpointFormModal({ endpoint, eventTypes, onClose, onCreated }: Props) {
  const { slug } = useOrg();
  const create = useCreateEndpoint(slug);
  const update = useUpdateEndpoint(slug);
  const mutation = endpoint ? update : create;
  const form = useForm<Values>({
    initialValues: valuesOf(null),
    validate: {
      url: (v) => (isHttpUrl(v.trim()) ? null : 'Enter an http(s) URL'),
      eventTypes: (v, all) => (all.allEvents || v.length > 0 ? null : 'Choose at least one event type, or send all events'),
      description: (v) => (v.length > 500 ? 'At most 500 characters' : null),
    },
  });

  useEffect(() => {
    if (endpoint === undefined) return;
    form.setValues(valuesOf(endpoint));
    form.resetDirty(valuesOf(endpoint));
    form.clearErrors();
    create.reset();
    update.reset();
    // Re-initialize only when another endpoint (or a new one) is opened.
  }, [endpoint]);

  const submit = form.onSubmit((v) => {
    const input = {
      url: v.url.trim(),
      description: v.description.trim() || null,
      eventTypes: v.allEvents ? [ALL_EVENTS] : v.eventTypes,
      enabled: v.enabled,
    };
    const onError = (e: unknown) => form.setErrors(fieldErrorsOf(e));
    if (endpoint) {
      update.mutate({ id: endpoint.id, ...input }, { onSuccess: () => (notifySuccess('Endpoint saved'), onClose()), onError });
    } else {
      create.mutate(input, { onSuccess: (created) => (onClose(), onCreated(created)), onError });
    }
  });

  const placed = ['url', 'description', 'eventTypes', 'enabled'];
  const unplaced = mutation.error && !Object.keys(fieldErrorsOf(mutation.error)).some((k) => placed.some((p) => k === p || k.startsWith(`${p}.`)));

  return (
    <Modal opened={endpoint !== undefined} onClose={onClose} title={endpoint ? 'Edit webhook endpoint' : 'New webhook endpoint'} size="lg">
      <form onSubmit={submit} aria-label={endpoint ? 'Edit webhook endpoint' : 'New webhook endpoint'} noValidate>
        <Stack gap="sm">
          {unplaced && <Alert color="red" role="alert">{errorMessage(mutation.error)}</Alert>}
          <TextInput label="URL" placeholder="https://example.com/webhooks/tenantry" required data-autofocus {...form.getInputProps('url')} />
          <Textarea label="Description" placeholder="What receives these events" autosize minRows={2} {...form.getInputProps('description')} />
          <Checkbox
            label="Send all event types"
            description="Including types added later (by modules, for example)"
            {...form.getInputProps('allEvents', { type: 'checkbox' })}
          />
          {!form.values.allEvents && (
            <MultiSelect
              label="Event types"
              placeholder="Choose event types"
              data={eventTypes}
              searchable
              clearable
              required
              {...form.getInputProps('eventTypes')}
            />
          )}
          <Switch label="Enabled" description="A disabled endpoint keeps its settings and receives nothing" {...form.getInputProps('enabled', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={mutation.isPending}>{endpoint ? 'Save endpoint' : 'Create endpoint'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
