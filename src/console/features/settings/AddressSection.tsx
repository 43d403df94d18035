import { Fieldset, SimpleGrid, TextInput } from '@mantine/core';
import type { SectionProps } from './form';

export function AddressSection({ form, readOnly }: SectionProps) {
  return (
    <Fieldset legend="Address" disabled={readOnly}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput id="settings-address" label="Address line 1" {...form.getInputProps('address.line1')} />
        <TextInput label="Address line 2" {...form.getInputProps('address.line2')} />
        <TextInput label="City" {...form.getInputProps('address.city')} />
        <TextInput label="Region" {...form.getInputProps('address.region')} />
        <TextInput label="Postal code" {...form.getInputProps('address.postalCode')} />
        <TextInput label="Country" description="Two-letter code, e.g. FR" maxLength={2} {...form.getInputProps('address.country')} />
      </SimpleGrid>
    </Fieldset>
  );
}
