// Organization slugs: lowercase letters, digits and single hyphens, 3–48 characters, not reserved.
// Uniqueness is the database's job (unique index → 409 slug_taken), which is race-safe.
import { z } from '@hono/zod-openapi';
import { randomBytes } from 'node:crypto';

export const RESERVED_SLUGS = new Set([
  'admin', 'administrator', 'api', 'app', 'assets', 'auth', 'billing', 'console', 'dashboard', 'docs',
  'help', 'healthz', 'login', 'logout', 'me', 'metrics', 'new', 'o', 'org', 'orgs', 'organizations',
  'readyz', 'root', 'settings', 'signin', 'signup', 'sign-in', 'sign-up', 'static', 'status', 'support',
  'system', 'tenantry', 'www',
]);

export const SLUG_MIN = 3;
export const SLUG_MAX = 48;

export const SlugSchema = z
  .string()
  .min(SLUG_MIN)
  .max(SLUG_MAX)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens; no leading or trailing hyphen')
  .refine((s) => !RESERVED_SLUGS.has(s), 'this slug is reserved')
  .openapi({ example: 'acme-farms' });

/** A slug derived from a name; `salt` adds a random suffix for retries after a collision. */
export function deriveSlug(name: string, salt = false): string {
  let base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX - 7)
    .replace(/-+$/g, '');
  if (base.length < SLUG_MIN || RESERVED_SLUGS.has(base)) base = `org-${base}`.replace(/-+$/g, '');
  if (base.length < SLUG_MIN) base = 'org';
  return salt ? `${base}-${randomBytes(3).toString('hex')}` : base;
}
