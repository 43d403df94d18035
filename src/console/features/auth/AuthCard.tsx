import type { ReactNode } from 'react';
import { Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBuildingCommunity } from '@tabler/icons-react';

/** The frame of the signed-out pages: product mark, a title and the form. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack w="100%" maw={420} gap="lg">
        <Group justify="center" gap="xs">
          <ThemeIcon size="lg" radius="md" aria-hidden>
            <IconBuildingCommunity size={20} />
          </ThemeIcon>
          <Text fw={700} size="lg">Tenantry</Text>
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="lg">
          <Stack gap="md">
            <div>
              <Title order={2} size="h3">{title}</Title>
              {subtitle && <Text c="dimmed" size="sm" mt={4}>{subtitle}</Text>}
            </div>
            {children}
          </Stack>
        </Paper>
      </Stack>
    </Center>
  );
}
