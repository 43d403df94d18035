import { Avatar, ColorInput, Fieldset, Group, SimpleGrid, Text, TextInput } from '@mantine/core';
import type { SectionProps } from './form';

export function BrandingSection({ form, readOnly }: SectionProps) {
  const { logoUrl, name } = form.values;
  return (
    <Fieldset legend="Branding" disabled={readOnly}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <ColorInput label="Primary color" description="Buttons, links and highlights" format="hex" {...form.getInputProps('theme.primaryColor')} />
        <ColorInput label="Accent color" description="The strip under the header" format="hex" {...form.getInputProps('theme.accentColor')} />
      </SimpleGrid>
      <Group align="flex-end" mt="sm" wrap="nowrap">
        <TextInput label="Logo URL" placeholder="https://…" style={{ flex: 1 }} {...form.getInputProps('logoUrl')} />
        <Avatar src={logoUrl || null} name={name} color="initials" radius="sm" size="lg" alt="Logo preview" />
      </Group>
      <Text size="xs" c="dimmed" mt={4}>Shown in the header and on invitation pages.</Text>
    </Fieldset>
  );
}
