import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { hasLength, useForm } from '@mantine/form';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../lib/notify';
import { useResetPassword } from './api';
import { AuthCard } from './AuthCard';

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  const reset = useResetPassword();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { newPassword: '' },
    validate: { newPassword: hasLength({ min: 10, max: 128 }, 'Use at least 10 characters') },
  });

  if (!token || params.get('error')) {
    return (
      <AuthCard title="This link does not work">
        <Alert color="red" role="alert">The reset link is invalid or has expired. Ask for a new one.</Alert>
        <Anchor component={Link} to="/forgot-password">Request a new link</Anchor>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Choose a new password">
      {reset.isSuccess ? (
        <>
          <Alert color="green" role="status">Your password was changed.</Alert>
          <Button component={Link} to="/sign-in">Sign in</Button>
        </>
      ) : (
        <form onSubmit={form.onSubmit(({ newPassword }) => reset.mutate({ token, newPassword }))} aria-label="Choose a new password" noValidate>
          <Stack gap="sm">
            {reset.error && <Alert color="red" role="alert">{errorMessage(reset.error)}</Alert>}
            <PasswordInput label="New password" autoComplete="new-password" required key={form.key('newPassword')} {...form.getInputProps('newPassword')} />
            <Button type="submit" loading={reset.isPending} fullWidth>Save password</Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
