import { ActionIcon, Menu, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import {
  IconCheck, IconCrown, IconDots, IconPlayerPause, IconPlayerPlay, IconUserCog, IconUserMinus, IconX,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Member } from '../../lib/org';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useMemberTransition, useOfferOwnership, useRemoveMember, type MemberAction } from './api';
import type { RowAction } from './member-actions';

const transitionItems: Partial<Record<RowAction, { label: string; icon: ReactNode; done: string }>> = {
  approve: { label: 'Approve', icon: <IconCheck size={16} />, done: 'approved' },
  reject: { label: 'Reject', icon: <IconX size={16} />, done: 'rejected' },
  suspend: { label: 'Suspend', icon: <IconPlayerPause size={16} />, done: 'suspended' },
  reinstate: { label: 'Reinstate', icon: <IconPlayerPlay size={16} />, done: 'reinstated' },
};

type Props = { slug: string; member: Member; actions: RowAction[]; onChangeRole: (m: Member) => void };

export function MemberActions({ slug, member, actions, onChangeRole }: Props) {
  const transition = useMemberTransition(slug);
  const remove = useRemoveMember(slug);
  const offer = useOfferOwnership(slug);
  if (actions.length === 0) return null;

  const run = (action: MemberAction, done: string) =>
    transition.mutate({ id: member.id, action }, { onSuccess: () => notifySuccess(`${member.name} ${done}`), onError: (e) => notifyError(e) });

  const confirmRemove = () =>
    modals.openConfirmModal({
      title: `Remove ${member.name}?`,
      children: <Text size="sm">They lose access to this organization and leave all its teams.</Text>,
      labels: { confirm: 'Remove member', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(member.id, { onSuccess: () => notifySuccess(`${member.name} removed`), onError: (e) => notifyError(e) }),
    });

  const confirmOffer = () =>
    modals.openConfirmModal({
      title: `Offer ownership to ${member.name}?`,
      children: <Text size="sm">When they accept, they become an owner and you become an administrator.</Text>,
      labels: { confirm: 'Send offer', cancel: 'Cancel' },
      onConfirm: () => offer.mutate(member.id, { onSuccess: () => notifySuccess('Ownership offer sent'), onError: (e) => notifyError(e) }),
    });

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${member.name}`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {actions.map((a) => {
          const item = transitionItems[a];
          if (item) {
            return (
              <Menu.Item key={a} leftSection={item.icon} onClick={() => run(a as MemberAction, item.done)}>
                {item.label}
              </Menu.Item>
            );
          }
          if (a === 'changeRole') return <Menu.Item key={a} leftSection={<IconUserCog size={16} />} onClick={() => onChangeRole(member)}>Change role</Menu.Item>;
          if (a === 'offerOwnership') return <Menu.Item key={a} leftSection={<IconCrown size={16} />} onClick={confirmOffer}>Offer ownership</Menu.Item>;
          return <Menu.Item key={a} color="red" leftSection={<IconUserMinus size={16} />} onClick={confirmRemove}>Remove</Menu.Item>;
        })}
      </Menu.Dropdown>
    </Menu>
  );
}
