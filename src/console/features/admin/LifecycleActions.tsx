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
  const [asking, setAsking] = useState<ActionSpec | null>(null);

  const run = (spec: ActionSpec, reason?: string) =>
    lifecycle.mutate(
      { action: spec.action, reason },
      {
        onSuccess: () => {
          notifySuccess(`${org.name} ${spec.done}`);
          setAsking(null);
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
            onClick={() => (spec.confirm === 'none' ? run(spec) : setAsking(spec))}
            loading={lifecycle.isPending && lifecycle.variables?.action === spec.action}
          >
            {spec.label}
          </Button>
        ))}
      </Group>
      <ReasonModal
        opened={!!asking && asking.confirm.startsWith('reason')}
        title={`${asking?.label ?? ''} ${org.name}`}
        confirmLabel={asking?.label ?? ''}
        color={asking?.color}
        required={asking?.confirm === 'reason-required'}
        loading={lifecycle.isPending}
        onConfirm={(reason) => asking && run(asking, reason)}
        onClose={() => setAsking(null)}
      />
      <ConfirmSlugModal
        opened={asking?.confirm === 'slug'}
        title={`${asking?.label ?? ''} ${org.name}`}
        warning={asking?.warning ?? ''}
        slug={org.slug}
        confirmLabel={asking?.label ?? ''}
        loading={lifecycle.isPending}
        onConfirm={() => asking && run(asking)}
        onClose={() => setAsking(null)}
      />
    </>
  );
}
