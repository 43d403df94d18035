import { z } from '@hono/zod-openapi';

/** Built-in role names are upper case; custom role keys are lower case, so they never collide. */
export const RoleKey = z
  .string()
  .min(2)
  .max(48)
  .regex(/^(OWNER|ADMIN|MEMBER|READ_ONLY|[a-z][a-z0-9_-]*)$/, 'a built-in role (OWNER, ADMIN, MEMBER, READ_ONLY) or a custom role key')
  .openapi({ example: 'MEMBER' });

export const CustomRoleKey = z
  .string()
  .min(2)
  .max(48)
  .regex(/^[a-z][a-z0-9_-]*$/, 'lowercase letters, digits, - and _; starts with a letter');

export const RoleSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    builtin: z.boolean(),
    permissions: z.array(z.string()),
    memberCount: z.number().int(),
    createdAt: z.string(),
  })
  .openapi('Role');

export const PermissionTableSchema = z.array(z.object({ resource: z.string(), actions: z.array(z.string()) })).openapi('PermissionTable');
