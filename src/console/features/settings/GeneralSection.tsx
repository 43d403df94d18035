import { Fieldset, Select, SimpleGrid, TextInput } from '@mantine/core';
import { timezoneOptions } from '../../lib/timezones';
import type { SectionProps } from './form';


export function GeneralSection({ form, readOnly }: SectionProps) {
  return (
    <Fieldset legend="General" disabled={readOnly}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Name" required {...form.getInputProps('name')} />
        <TextInput
          label="Slug"
          description="Changing it changes every link to this organization"
          required
         
          {...form.getInputProps('slug')}
        />
        <TextInput id="settings-contactEmail" label="Contact email" type="email" {...form.getInputProps('contactEmail')} />
        <TextInput label="Language" description="e.g. en, fr, pt-BR" {...form.getInputProps('language')} />
        <Select label="Timezone" searchable data={timezoneOptions(form.values.timezone)} allowDeselect={false} {...form.getInputProps('timezone')} />
        <TextInput id="settings-currency" label="Default currency" description="ISO code, e.g. EUR" maxLength={3} {...form.getInputProps('currency')} />
      </SimpleGrid>
    </Fieldset>
  );
}
