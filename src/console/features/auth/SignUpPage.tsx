import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { hasLength, isEmail, useForm } from '@mantine/form';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { safeNext, withNext } from '../../lib/redirect';
import { useSignUp } from './api';
import { AuthCard } from './AuthCard';
import { splitAuthError } from './form-error';

export function SignUpPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const signUp = useSignUp();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { name: '', email: params.get('email') ?? '', password: '' },
    validate: {
      name: hasLength({ min: 2, max: 100 }, 'Enter your name (2–100 characters)'),
      email: isEmail('Enter an email address'),
      password: hasLength({ min: 10, max: 128 }, 'Use at least 10 characters'),
    },
  });

  const submit = form.onSubmit((values) =>
    signUp.mutate(values, {
      onSuccess: () => navigate(next, { replace: true }),
      onError: (error) => {
        const { field, message } = splitAuthError(error);
        if (field) form.setFieldError(field, message);
      },
    }),
  );
  const formError = signUp.error && !splitAuthError(signUp.error).field ? splitAuthError(signUp.error).message : null;

  return (
    <AuthCard title="Create your account" subtitle="Then create an organization or accept an invitation.">
      <form onSubmit={submit} aria-label="Create account" noValidate>
        <Stack gap="sm">
          {formError && <Alert color="red" role="alert">{formError}</Alert>}
          <TextInput label="Name" autoComplete="name" required key={form.key('name')} {...form.getInputProps('name')} />
          <TextInput label="Email" type="email" autoComplete="email" required key={form.key('email')} {...form.getInputProps('email')} />
          <PasswordInput
            label="Password"
            description="At least 10 characters"
            autoComplete="new-password"
            required
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={signUp.isPending} fullWidth>Create account</Button>
          <Text size="sm" ta="center">
            Already have an account? <Anchor component={Link} to={withNext('/sign-in', next)}>Sign in</Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
