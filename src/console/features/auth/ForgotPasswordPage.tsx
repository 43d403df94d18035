import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { isEmail, useForm } from '@mantine/form';
import { Link } from 'react-router';
import { errorMessage } from '../../lib/notify';
import { useRequestPasswordReset } from './api';
import { AuthCard } from './AuthCard';

export function ForgotPasswordPage() {
  const requestReset = useRequestPasswordReset();
  const form = useForm({ mode: 'uncontrolled', initialValues: { email: '' }, validate: { email: isEmail('Enter an email address') } });

  return (
    <AuthCard title="Reset your password" subtitle="We email you a link to choose a new one.">
      {requestReset.isSuccess ? (
        // Same answer whether or not the account exists: the page must not reveal who has an account.
        <Alert color="green" role="status">If an account exists for that address, a reset link is on its way.</Alert>
      ) : (
        <form onSubmit={form.onSubmit(({ email }) => requestReset.mutate(email))} aria-label="Request password reset" noValidate>
          <Stack gap="sm">
            {requestReset.error && <Alert color="red" role="alert">{errorMessage(requestReset.error)}</Alert>}
            <TextInput label="Email" type="email" autoComplete="email" required key={form.key('email')} {...form.getInputProps('email')} />
            <Button type="submit" loading={requestReset.isPending} fullWidth>Send reset link</Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/sign-in" size="sm">Back to sign in</Anchor>
    </AuthCard>
  );
}
