import { Alert, Button } from '@mantine/core';
import { IconMailExclamation } from '@tabler/icons-react';
import { useSession } from '../../lib/session';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useResendVerification } from './api';

/** Unverified addresses cannot accept invitations: say so early, with a way to get the link again. */
export function VerifyEmailNotice() {
  const { data: user } = useSession();
  const resend = useResendVerification();
  if (!user || user.emailVerified) return null;
  return (
    <Alert color="yellow" icon={<IconMailExclamation />} mb="md" title="Verify your email address">
      We sent a link to {user.email}. Invitations can only be accepted from a verified address.
      <Button
        variant="subtle"
        size="compact-sm"
        ml="xs"
        loading={resend.isPending}
        onClick={() => resend.mutate(user.email, { onSuccess: () => notifySuccess('Verification email sent'), onError: (e) => notifyError(e) })}
      >
        Send it again
      </Button>
    </Alert>
  );
}
