import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { isEmail, isNotEmpty, useForm } from '@mantine/form';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { safeNext, withNext } from '../../lib/redirect';
import { errorMessage } from '../../lib/notify';
import { useSignIn } from './api';
import { AuthCard } from './AuthCard';

export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const signIn = useSignIn();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: params.get('email') ?? '', password: '' },
    validate: { email: isEmail('Enter an email address'), password: isNotEmpty('Enter your password') },
  });

  const submit = form.onSubmit((values) => signIn.mutate(values, { onSuccess: () => navigate(next, { replace: true }) }));

  return (
    <AuthCard title="Sign in" subtitle="Welcome back. Sign in to run your organizations.">
      <form onSubmit={submit} aria-label="Sign in" noValidate>
        <Stack gap="sm">
          {signIn.error && <Alert color="red" role="alert">{errorMessage(signIn.error)}</Alert>}
          <TextInput label="Email" type="email" autoComplete="email" required key={form.key('email')} {...form.getInputProps('email')} />
          <PasswordInput label="Password" autoComplete="current-password" required key={form.key('password')} {...form.getInputProps('password')} />
          <Group justify="flex-end">
            <Anchor component={Link} to="/forgot-password" size="sm">Forgot password?</Anchor>
          </Group>
          <Button type="submit" loading={signIn.isPending} fullWidth>Sign in</Button>
          <Text size="sm" ta="center">
            New here? <Anchor component={Link} to={withNext('/sign-up', next)}>Create an account</Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
