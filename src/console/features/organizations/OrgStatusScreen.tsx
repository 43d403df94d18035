import { Button, Group, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconBan, IconClockHour4, IconHelpCircle, IconLock, IconRefresh, IconUserPause } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { FullPageMessage } from '../../components/FullPageMessage';
import { isApiError } from '../../lib/api';
import { myOrganizationsQuery, orgKey } from '../../lib/org';

type Screen = { icon: ReactNode; color: string; title: string; text: string; canRecheck: boolean };

const byCode: Record<string, Screen> = {
  organization_pending: {
    icon: <IconClockHour4 />, color: 'yellow', title: 'Waiting for approval', canRecheck: true,
    text: 'A platform operator reviews new organizations. You can use it as soon as it is approved.',
  },
  organization_rejected: {
    icon: <IconBan />, color: 'red', title: 'This organization was rejected', canRecheck: false,
    text: 'A platform operator declined this organization.',
  },
  organization_suspended: {
    icon: <IconLock />, color: 'orange', title: 'This organization is suspended', canRecheck: true,
    text: 'Nobody can use it until a platform operator reactivates it. Its data is kept.',
  },
};

const membershipScreens: Record<string, Screen> = {
  PENDING: {
    icon: <IconClockHour4 />, color: 'yellow', title: 'Your membership awaits approval', canRecheck: true,
    text: 'An administrator of this organization approves new members before they can join.',
  },
  SUSPENDED: {
    icon: <IconUserPause />, color: 'orange', title: 'Your membership is suspended', canRecheck: false,
    text: 'An administrator of this organization suspended your access. Ask them to reinstate you.',
  },
};

const notFound: Screen = {
  icon: <IconHelpCircle />, color: 'gray', title: 'Organization not found', canRecheck: false,
  text: 'It does not exist, or you are not a member of it.',
};

/** Why the organization in the URL cannot be used: its status (with the operator's reason) or my membership's. */
export function OrgStatusScreen({ slug, error }: { slug: string; error: unknown }) {
  const queryClient = useQueryClient();
  const mine = useQuery(myOrganizationsQuery).data?.find((o) => o.slug === slug);
  const code = isApiError(error) ? error.code : '';
  const screen = byCode[code] ?? (mine ? membershipScreens[mine.membershipStatus] : undefined) ?? notFound;
  const reason = byCode[code] ? mine?.statusReason : null;

  return (
    <FullPageMessage
      icon={screen.icon}
      color={screen.color}
      title={screen.title}
      actions={
        <Group>
          {screen.canRecheck && (
            <Button
              variant="light"
              leftSection={<IconRefresh size={16} />}
              onClick={() => {
                void queryClient.invalidateQueries({ queryKey: myOrganizationsQuery.queryKey });
                void queryClient.invalidateQueries({ queryKey: orgKey(slug) });
              }}
            >
              Check again
            </Button>
          )}
          <Button component={Link} to="/" variant="default">Your organizations</Button>
        </Group>
      }
    >
      {mine && <Text fw={600} mb={4}>{mine.name}</Text>}
      <Text size="sm">{screen.text}</Text>
      {reason && (
        <Text size="sm" mt="sm" data-testid="status-reason">
          Reason: {reason}
        </Text>
      )}
    </FullPageMessage>
  );
}
