// The permission table: resource → actions, and what each built-in role is granted. Modules add
// their resources with `registerStatements`. Use cases call `requirePermission` on their first line.
import { AppError } from '../errors.ts';

export type Permission = `${string}:${string}`;
export type BuiltInRole = 'OWNER' | 'ADMIN' | 'MEMBER' | 'READ_ONLY';
export const BUILT_IN_ROLES: readonly BuiltInRole[] = ['OWNER', 'ADMIN', 'MEMBER', 'READ_ONLY'];

type Statement = {
  actions: readonly string[];
  /** Which actions MEMBER and READ_ONLY get (OWNER gets everything, ADMIN everything but `adminExcept`). */
  member?: readonly string[];
  readOnly?: readonly string[];
  adminExcept?: readonly string[];
};

const statements = new Map<string, Statement>();
const cache = new Map<string, ReadonlySet<Permission>>();

export function registerStatements(resource: string, statement: Statement): void {
  if (!/^[a-z][a-z0-9_-]*$/.test(resource)) throw new Error(`invalid resource name ${resource}`);
  statements.set(resource, statement);
  cache.clear();
}

registerStatements('organization', { actions: ['read', 'update', 'delete'], member: ['read'], readOnly: ['read'], adminExcept: ['delete'] });
registerStatements('settings', { actions: ['read', 'update'], member: ['read'], readOnly: ['read'] });
registerStatements('members', { actions: ['read', 'update', 'remove', 'approve'], member: ['read'], readOnly: ['read'] });
registerStatements('invitations', { actions: ['read', 'create', 'revoke'] });
registerStatements('roles', { actions: ['read', 'create', 'update', 'delete'], member: ['read'], readOnly: ['read'] });
registerStatements('teams', { actions: ['read', 'create', 'update', 'delete', 'manage_members'], member: ['read'], readOnly: ['read'] });
registerStatements('audit', { actions: ['read', 'export'] });
registerStatements('webhooks', { actions: ['read', 'manage'] });
registerStatements('events', { actions: ['read'] });
registerStatements('modules', { actions: ['read', 'manage'], member: ['read'], readOnly: ['read'] });

/** The whole table, for the roles matrix editor. */
export function permissionTable(): { resource: string; actions: string[] }[] {
  return [...statements].map(([resource, s]) => ({ resource, actions: [...s.actions] }));
}

export function allPermissions(): Permission[] {
  return [...statements].flatMap(([r, s]) => s.actions.map((a) => `${r}:${a}` as Permission));
}

export function isKnownPermission(p: string): p is Permission {
  const [resource, action, extra] = p.split(':');
  return extra === undefined && !!resource && !!action && (statements.get(resource)?.actions.includes(action) ?? false);
}

export function builtInPermissions(role: BuiltInRole): ReadonlySet<Permission> {
  let set = cache.get(role);
  if (!set) {
    const grants = [...statements].flatMap(([r, s]) => {
      const actions =
        role === 'OWNER' ? s.actions
        : role === 'ADMIN' ? s.actions.filter((a) => !(s.adminExcept ?? []).includes(a))
        : role === 'MEMBER' ? (s.member ?? [])
        : (s.readOnly ?? []);
      return actions.map((a) => `${r}:${a}` as Permission);
    });
    set = new Set(grants);
    cache.set(role, set);
  }
  return set;
}

export const isBuiltInRole = (role: string): role is BuiltInRole => (BUILT_IN_ROLES as readonly string[]).includes(role);

/** Effective permissions of a membership: built-in roles from code, custom roles from their stored list. */
export function permissionsOf(role: string, customPermissions?: readonly string[] | null): ReadonlySet<Permission> {
  if (isBuiltInRole(role)) return builtInPermissions(role);
  return new Set((customPermissions ?? []).filter(isKnownPermission));
}

export function requirePermission(granted: ReadonlySet<Permission>, permission: Permission): void {
  if (!granted.has(permission)) throw new AppError('forbidden', `Missing permission ${permission}`);
}

/** Nobody grants what they do not hold: every permission in `wanted` must be in `held`. */
export function missingFrom(held: ReadonlySet<Permission>, wanted: Iterable<Permission>): Permission[] {
  return [...wanted].filter((p) => !held.has(p));
}
