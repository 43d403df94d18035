import { Avatar } from '@mantine/core';

/** The organization's logo, or its initials when it has none (or the logo fails to load). */
export function OrgAvatar({ name, logoUrl, size = 'md' }: { name: string; logoUrl: string | null | undefined; size?: 'sm' | 'md' | 'lg' }) {
  return <Avatar src={logoUrl || null} name={name} color="initials" radius="sm" size={size} alt={`${name} logo`} />;
}
