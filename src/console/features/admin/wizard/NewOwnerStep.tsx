import { PasswordInput, Stack, TextInput } from '@mantine/core';
import type { WizardForm } from './form';

export function NewOwnerStep({ form }: { form: WizardForm }) {
  return (
    <Stack gap="sm">
      <TextInput label="Owner email" type="email" required data-autofocus {...form.getInputProps('owner.email')} />
      <TextInput label="Owner name" required {...form.getInputProps('owner.name')} />
      <PasswordInput
        label="Initial password"
        description="Optional. Leave empty and the owner chooses one with “forgot password”."
        autoComplete="new-password"
        {...form.getInputProps('owner.password')}
      />
    </Stack>
  );
}
