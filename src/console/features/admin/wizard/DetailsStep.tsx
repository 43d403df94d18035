import { SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { TIMEZONES } from '../../../lib/timezones';
import type { WizardForm } from './form';


export function DetailsStep({ form }: { form: WizardForm }) {
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Organization name" required data-autofocus {...form.getInputProps('organization.name')} />
        <TextInput label="Slug" description="Empty: derived from the name" {...form.getInputProps('organization.slug')} />
        <TextInput label="Contact email" type="email" {...form.getInputProps('organization.contactEmail')} />
        <TextInput label="Language" {...form.getInputProps('organization.language')} />
        <Select label="Timezone" placeholder="Server default" searchable clearable data={TIMEZONES} {...form.getInputProps('organization.timezone')} />
        <TextInput label="Default currency" maxLength={3} {...form.getInputProps('organization.currency')} />
      </SimpleGrid>
      <Switch label="New members need approval" {...form.getInputProps('organization.joinApproval', { type: 'checkbox' })} />
      <div>
        <Text size="sm" fw={500} mb={4} id="initial-status-label">Starts as</Text>
        <SegmentedControl
          aria-labelledby="initial-status-label"
          data={[
            { value: 'ACTIVE', label: 'Active' },
            { value: 'PENDING', label: 'Pending approval' },
          ]}
          {...form.getInputProps('initialStatus')}
        />
      </div>
    </Stack>
  );
}
