// Request and response shapes for organizations (T4 settings), shared by tenant and operator routes.
import { z } from '@hono/zod-openapi';
import { SlugSchema } from './slug.ts';
import { ORGANIZATION_STATUSES } from './schema.ts';

/** Any zone the runtime's tz database knows, including UTC and aliases (supportedValuesOf omits those). */
function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.length <= 64;
  } catch {
    return false;
  }
}
const currencies = new Set(Intl.supportedValuesOf('currency'));
const METADATA_MAX_BYTES = 8192;

export const NameSchema = z.string().trim().min(2).max(100);

export const AddressSchema = z
  .object({
    line1: z.string().trim().max(200).optional(),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().max(100).optional(),
    region: z.string().trim().max(100).optional(),
    postalCode: z.string().trim().max(20).optional(),
    country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code').optional(),
  })
  .strict()
  .openapi('Address');

export const ThemeSchema = z
  .object({
    primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'hex color like #1e88e5').optional(),
    accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'hex color like #1e88e5').optional(),
  })
  .strict()
  .openapi('Theme');

const MetadataSchema = z
  .record(z.string().max(64), z.unknown())
  .refine((m) => Object.keys(m).length <= 50, 'at most 50 keys')
  .refine((m) => Buffer.byteLength(JSON.stringify(m)) <= METADATA_MAX_BYTES, `at most ${METADATA_MAX_BYTES} bytes as JSON`);

/** Settings a tenant OWNER/ADMIN may change (T4). */
export const SettingsFields = {
  name: NameSchema,
  slug: SlugSchema,
  contactEmail: z.email().max(254).nullable(),
  address: AddressSchema.nullable(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'language tag like en or pt-BR'),
  timezone: z.string().refine(isTimeZone, 'unknown IANA timezone'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'ISO 4217 code')
    .refine((c) => currencies.has(c), 'unknown currency')
    .nullable(),
  logoUrl: z.url({ protocol: /^https?$/ }).max(2048).nullable(),
  theme: ThemeSchema,
  metadata: MetadataSchema,
  joinApproval: z.boolean(),
  auditRetentionDays: z.number().int().min(1).max(3650),
};

export const UpdateSettingsBody = z.object(SettingsFields).partial().strict().openapi('UpdateOrganizationSettings');

export const CreateOrganizationBody = z
  .object({ name: NameSchema, slug: SlugSchema.optional() })
  .extend(z.object(SettingsFields).omit({ name: true, slug: true }).partial().shape)
  .strict()
  .openapi('CreateOrganization');

/** Operator-only fields: limits and feature flags. */
export const LimitsSchema = z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/), z.number().int().min(0).max(1e9));
export const FeaturesSchema = z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.-]{0,63}$/), z.boolean());

export const OrganizationSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    status: z.enum(ORGANIZATION_STATUSES),
    statusReason: z.string().nullable(),
    contactEmail: z.string().nullable(),
    address: AddressSchema.nullable(),
    language: z.string(),
    timezone: z.string(),
    currency: z.string().nullable(),
    logoUrl: z.string().nullable(),
    theme: ThemeSchema,
    joinApproval: z.boolean(),
    auditRetentionDays: z.number().int(),
    metadata: z.record(z.string(), z.unknown()),
    limits: z.record(z.string(), z.number()),
    features: z.record(z.string(), z.boolean()),
    createdAt: z.string(),
    updatedAt: z.string(),
    deletedAt: z.string().nullable(),
  })
  .openapi('Organization');

export type OrganizationView = z.infer<typeof OrganizationSchema>;

export const MyOrganizationSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    status: z.enum(ORGANIZATION_STATUSES),
    statusReason: z.string().nullable(),
    logoUrl: z.string().nullable(),
    role: z.string(),
    membershipStatus: z.string(),
  })
  .openapi('MyOrganization');

export const MemberSchema = z
  .object({
    id: z.uuid(),
    userId: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: z.string(),
    status: z.string(),
    createdAt: z.string(),
  })
  .openapi('Member');

export const OrgParam = z.object({
  org: z.string().min(1).max(64).openapi({ param: { name: 'org', in: 'path' }, description: 'Organization id or slug' }),
});
