import type { ReactNode } from 'react';
import { Alert, Avatar, Blockquote, Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconMailOff } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { FullPageMessage } from '../../components/FullPageMessage';
import { Loading } from '../../components/Loading';
import { errorMessage } from '../../lib/notify';
import { withNext } from '../../lib/redirect';
import { useSession } from '../../lib/session';
import { publicInvitationQuery, useAcceptInvitation, useDeclineInvitation } from './api';

/**
 * The page an invitation email links to. Anyone with the link sees what it is; accepting needs the
 * invited (verified) address signed in, so visitors are sent through sign-in / sign-up and back.
 * `notice` is where the app puts the email-verification reminder.
 */
export function AcceptInvitationPage({ notice }: { notice?: ReactNode }) {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const invitation = useQuery({ ...publicInvitationQuery(token), retry: false });
  const session = useSession();
  const accept = useAcceptInvitation(token);
  const decline = useDeclineInvitation(token);
  const here = `/invitations/${token}`;

  if (invitation.isPending || session.isPending) return <Loading label="Loading invitation" />;
  if (invitation.isError || decline.isSuccess) {
    return (
      <FullPageMessage
        icon={<IconMailOff />}
        title={decline.isSuccess ? 'Invitation declined' : 'This invitation is no longer valid'}
        actions={<Button component={Link} to="/" variant="default">Go to the console</Button>}
      >
        {decline.isSuccess ? 'Nobody joined on your behalf.' : 'It may have expired, been used, or been revoked. Ask for a new one.'}
      </FullPageMessage>
    );
  }

  const inv = invitation.data;
  const user = session.data;
  const wrongAccount = user && user.email.toLowerCase() !== inv.email.toLowerCase();
  const pendingApproval = accept.data?.status === 'PENDING';

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" radius="lg" p="xl" maw={520} w="100%">
        <Stack>
          <Group wrap="nowrap">
            <Avatar src={inv.organization.logoUrl} name={inv.organization.name} color="initials" radius="sm" size="lg" alt="" />
            <div>
              <Title order={2} size="h3">Join {inv.organization.name}</Title>
              <Text size="sm" c="dimmed">{inv.inviter.name} invited {inv.email} as {inv.role}</Text>
            </div>
          </Group>
          {inv.message && <Blockquote p="sm">{inv.message}</Blockquote>}
          <Text size="xs" c="dimmed">Valid until {new Date(inv.expiresAt).toLocaleString()}</Text>
          {user && !wrongAccount && notice}
          {accept.error && <Alert color="red" role="alert">{errorMessage(accept.error)}</Alert>}
          {pendingApproval ? (
            <Alert color="yellow" role="status">
              You accepted. An administrator of {inv.organization.name} approves new members before they get access.
            </Alert>
          ) : !user ? (
            <>
              <Text size="sm">Sign in or create an account with {inv.email} to accept.</Text>
              <Group grow>
                <Button component={Link} to={withNext('/sign-up', here, { email: inv.email })}>Create account</Button>
                <Button component={Link} to={withNext('/sign-in', here, { email: inv.email })} variant="default">Sign in</Button>
              </Group>
            </>
          ) : wrongAccount ? (
            <Alert color="orange" role="alert" title="Signed in with another address">
              You are signed in as {user.email}; this invitation is for {inv.email}.{' '}
              <Link to={withNext('/sign-in', here, { email: inv.email })}>Sign in as {inv.email}</Link>
            </Alert>
          ) : (
            <Group grow>
              <Button
                loading={accept.isPending}
                onClick={() => accept.mutate(undefined, { onSuccess: (r) => r.status !== 'PENDING' && navigate(`/o/${r.organization.slug}`) })}
              >
                Accept invitation
              </Button>
              <Button variant="default" loading={decline.isPending} onClick={() => decline.mutate()}>Decline</Button>
            </Group>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
