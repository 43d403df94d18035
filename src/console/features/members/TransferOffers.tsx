import { Alert, Button, Group, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconCrown } from '@tabler/icons-react';
import { useOrg } from '../../lib/org-context';
import { notifyError, notifySuccess } from '../../lib/notify';
import { transfersQuery, useAnswerTransfer } from './api';

/** Pending ownership offers: the one addressed to me (accept / decline) and those I sent (cancel). */
export function TransferOffers({ nameOf }: { nameOf: (membershipId: string) => string | undefined }) {
  const { slug, membership } = useOrg();
  const transfers = useQuery(transfersQuery(slug));
  const answer = useAnswerTransfer(slug);
  const pending = transfers.data?.filter((t) => t.status === 'PENDING') ?? [];
  if (pending.length === 0) return null;
  const myId = membership.membership.id;
  const respond = (id: string, a: 'accept' | 'decline' | 'cancel', done: string) =>
    answer.mutate({ id, answer: a }, { onSuccess: () => notifySuccess(done), onError: (e) => notifyError(e) });

  return (
    <Stack gap="xs" mb="md">
      {pending.map((t) =>
        t.toMembershipId === myId ? (
          <Alert key={t.id} icon={<IconCrown />} color="grape" title="You were offered ownership">
            <Group justify="space-between" wrap="wrap">
              <span>{nameOf(t.fromMembershipId) ?? 'An owner'} wants to hand this organization over to you.</span>
              <Group gap="xs">
                <Button size="xs" onClick={() => respond(t.id, 'accept', 'You are now an owner')} loading={answer.isPending}>Accept</Button>
                <Button size="xs" variant="default" onClick={() => respond(t.id, 'decline', 'Offer declined')}>Decline</Button>
              </Group>
            </Group>
          </Alert>
        ) : (
          <Alert key={t.id} icon={<IconCrown />} color="gray">
            <Group justify="space-between" wrap="wrap">
              <span>Ownership offered to {nameOf(t.toMembershipId) ?? 'a member'}; waiting for their answer.</span>
              <Button size="xs" variant="default" onClick={() => respond(t.id, 'cancel', 'Offer cancelled')}>Cancel offer</Button>
            </Group>
          </Alert>
        ),
      )}
    </Stack>
  );
}
