import { Group, Radio, Stack, Text } from '@mantine/core';
import type { WizardForm } from './form';

export function ModeStep({ form }: { form: WizardForm }) {
  return (
    <Radio.Group label="Who will own the organization?" {...form.getInputProps('mode')}>
      <Stack mt="sm" gap="sm">
        <Radio.Card value="existing" p="md" radius="md" aria-label="An existing user">
          <Group wrap="nowrap" align="flex-start">
            <Radio.Indicator />
            <div>
              <Text fw={600}>An existing user</Text>
              <Text size="sm" c="dimmed">Search the platform's users by email or name.</Text>
            </div>
          </Group>
        </Radio.Card>
        <Radio.Card value="new" p="md" radius="md" aria-label="A new user">
          <Group wrap="nowrap" align="flex-start">
            <Radio.Indicator />
            <div>
              <Text fw={600}>A new user</Text>
              <Text size="sm" c="dimmed">Create their account now; they set a password through “forgot password” if you leave it empty.</Text>
            </div>
          </Group>
        </Radio.Card>
      </Stack>
    </Radio.Group>
  );
}
