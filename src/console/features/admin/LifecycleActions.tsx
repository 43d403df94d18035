import { useState } from 'react';
import { Button, Group } from '@mantine/core';
import { useNavigate } from 'react-router';
import type { Organization } from '../../lib/org';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useLifecycle } from './api';
import { ConfirmSlugModal } from './ConfirmSlugModal';
import { actionsFor, type ActionSpec } from './lifecycle-actions';
import { ReasonModal } from './ReasonModal';

export function LifecycleActions({ org }: { org: Organization }) {
  const lifecycle = useLifecycle(org.id);
  const navigate = useNavigate();
  // The spec outlives `open` so a closing dialog keeps its labels while it fades out.
  const [asking, setAsking] = useState<ActionSpec | null>(null);
  const [open, setOpen] = useState(false);
  const ask = (spec: ActionSpec) => {
    setAsking(spec);
    setOpen(true);
  };

  const run = (spec: ActionSpec, reason?: string) =>
    lifecycle.mutate(
      { action: spec.action, reason },
      {
        onSuccess: () => {
          notifySuccess(`${org.name} ${spec.done}`);
          setOpen(false);
          if (spec.action === 'purge') navigate('/admin', { replace: true });
        },
        onError: (e) => notifyError(e, `Could not ${spec.label.toLowerCase()}`),
      },
    );

  return (
    <>
      <Group gap="xs">
        {actionsFor(org).map((spec) => (
          <Button
            key={spec.action}
            color={spec.color}
            variant={spec.confirm === 'slug' ? 'outline' : 'light'}
            onClick={() => (spec.confirm === 'none' ? run(spec) : ask(spec))}
            loading={lifecycle.isPending && lifecycle.variables?.action === spec.action}
          >
            {spec.label}
          </Button>
        ))}
      </Group>
      <ReasonModal
        opened={open && !!asking?.confirm.startsWith('reason')}
        title={`${asking?.label ?? ''} ${org.name}`}
        confirmLabel={asking?.label ?? ''}
        color={asking?.color}
        required={asking?.confirm === 'reason-required'}
        loading={lifecycle.isPending}
        onConfirm={(reason) => asking && run(asking, reason)}
        onClose={() => setOpen(false)}
      />
      <ConfirmSlugModal
        opened={open && asking?.confirm === 'slug'}
        title={`${asking?.label ?? ''} ${org.name}`}
        warning={asking?.warning ?? ''}
        slug={org.slug}
        confirmLabel={asking?.label ?? ''}
        loading={lifecycle.isPending}
        onConfirm={() => asking && run(asking)}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
