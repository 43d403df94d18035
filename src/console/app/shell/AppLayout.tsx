import { AppShell, Burger, Group, useMantineTheme } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet } from 'react-router';
import { UserMenu } from '../../features/auth/UserMenu';
import { VerifyEmailNotice } from '../../features/auth/VerifyEmailNotice';
import { OrgSwitcher } from '../../features/organizations/OrgSwitcher';
import { useForgetPreviousOrganization } from '../use-forget-previous-org';
import { Brand } from './Brand';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { Navbar } from './Navbar';

/** The signed-in frame: header (brand, organization switcher, theme, account) and a navbar that collapses behind a burger on phones. */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const theme = useMantineTheme();
  const accent = theme.other.accent as string | null;
  useForgetPreviousOrganization();

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header style={accent ? { borderBottom: `3px solid var(--mantine-color-${accent}-6)` } : undefined}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
            <Brand />
            <OrgSwitcher />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ColorSchemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <Navbar onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main>
        <VerifyEmailNotice />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
