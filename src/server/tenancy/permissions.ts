// The permission table: resource → actions, and built-in role → grants. Checked on the first line of
// each use case via `requirePermission`. Modules extend `statements` (the next issues add custom roles).
import { AppError } from '../errors.ts';

export const statements = {
  organization: ['read', 'update', 'delete'],
  settings: ['read', 'update'],
  members: ['read', 'invite', 'update', 'remove'],
  invitations: ['read', 'create', 'revoke'],
  roles: ['read', 'create', 'update', 'delete'],
  teams: ['read', 'create', 'update', 'delete'],
  audit: ['read', 'export'],
  modules: ['read', 'manage'],
} as const satisfies Record<string, readonly string[]>;

export type Resource = keyof typeof statements;
export type Permission = { [R in Resource]: `${R}:${(typeof statements)[R][number]}` }[Resource];

const all = (Object.entries(statements) as [Resource, readonly string[]][]).flatMap(([r, actions]) =>
  actions.map((a) => `${r}:${a}` as Permission),
);
const readOnly = all.filter((p) => p.endsWith(':read'));

export const builtInRoles: Record<string, ReadonlySet<Permission>> = {
  OWNER: new Set(all),
  ADMIN: new Set(all.filter((p) => p !== 'organization:delete')),
  MEMBER: new Set([...readOnly.filter((p) => p !== 'audit:read'), 'teams:read']),
  READ_ONLY: new Set(readOnly.filter((p) => p !== 'audit:read' && p !== 'invitations:read')),
};

export function permissionsOf(role: string): ReadonlySet<Permission> {
  return builtInRoles[role] ?? new Set();
}

export function requirePermission(granted: ReadonlySet<Permission>, permission: Permission): void {
  if (!granted.has(permission)) throw new AppError('forbidden', `Missing permission ${permission}`);
}
