import { NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconBuildingSkyscraper, IconListDetails, IconShieldCheck } from '@tabler/icons-react';
import { NavLink as RouterLink, useMatch } from 'react-router';
import { modulesQuery } from '../../lib/modules';
import { membershipQuery } from '../../lib/org';
import { useSession } from '../../lib/session';
import { useCurrentOrgSlug } from '../../lib/use-current-org-slug';
import { adminSections, orgSections, type Section } from '../sections';

function SectionLinks({ base, sections, onNavigate }: { base: string; sections: Section[]; onNavigate: () => void }) {
  return (
    <>
      {sections.map((s) =>
        s.nav ? (
          <NavLink
            key={s.path}
            component={RouterLink}
            to={s.path ? `${base}/${s.path}` : base}
            end={!s.path}
            label={s.nav.label}
            leftSection={<s.nav.icon size={18} stroke={1.6} />}
            onClick={onNavigate}
          />
        ) : null,
      )}
    </>
  );
}

/** Built from the section registry, filtered by my permissions in the current organization. */
export function Navbar({ onNavigate }: { onNavigate: () => void }) {
  const { slug } = useCurrentOrgSlug();
  const inAdmin = useMatch('/admin/*');
  const { data: user } = useSession();
  // Until the membership gate passes (or when it refuses: pending, suspended…) there is nothing to navigate.
  const permissions = useQuery({ ...membershipQuery(slug ?? ''), enabled: !!slug }).data?.permissions;
  const visible = orgSections.filter((s) => !s.module && (!s.permission || permissions?.includes(s.permission)));
  // Module screens: under each enabled module's name (nothing of a module shows until the list answers).
  const modules = useQuery({ ...modulesQuery(slug ?? ''), enabled: !!slug && !!permissions?.includes('modules:read') }).data;
  const moduleGroups = (modules ?? [])
    .filter((m) => m.enabled)
    .map((m) => ({ m, sections: orgSections.filter((s) => s.module === m.id && s.nav && (!s.permission || permissions?.includes(s.permission))) }))
    .filter((g) => g.sections.length);

  return (
    <ScrollArea type="never" component="nav" aria-label="Main">
      <Stack gap={2}>
        {slug && permissions && (
          <>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase" px="sm" pt="xs">Organization</Text>
            <SectionLinks base={`/o/${slug}`} sections={visible} onNavigate={onNavigate} />
            {moduleGroups.map(({ m, sections }) => (
              <Stack key={m.id} gap={2} role="group" aria-label={m.name}>
                <Text size="xs" c="dimmed" fw={600} tt="uppercase" px="sm" pt="md">{m.name}</Text>
                <SectionLinks base={`/o/${slug}`} sections={sections} onNavigate={onNavigate} />
              </Stack>
            ))}
          </>
        )}
        {inAdmin && (
          <>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase" px="sm" pt="xs">Operator</Text>
            <SectionLinks base="/admin" sections={adminSections} onNavigate={onNavigate} />
          </>
        )}
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" px="sm" pt="md">Console</Text>
        <NavLink component={RouterLink} to="/" end label="Your organizations" leftSection={<IconListDetails size={18} stroke={1.6} />} onClick={onNavigate} />
        {user?.isOperator && !inAdmin && (
          <NavLink component={RouterLink} to="/admin" label="Operator console" leftSection={<IconShieldCheck size={18} stroke={1.6} />} onClick={onNavigate} />
        )}
        {!slug && !inAdmin && (
          <NavLink component={RouterLink} to="/orgs/new" label="Create organization" leftSection={<IconBuildingSkyscraper size={18} stroke={1.6} />} onClick={onNavigate} />
        )}
      </Stack>
    </ScrollArea>
  );
}
