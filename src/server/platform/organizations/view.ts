// Projects organization rows to their public shape: rows never leave unprojected.
import type { OrganizationView } from './schemas.ts';
import type { organizations } from './schema.ts';

export const iso = (d: Date | string | null | undefined): string | null =>
  d == null ? null : (d instanceof Date ? d : new Date(d)).toISOString();

export function organizationView(row: typeof organizations.$inferSelect): OrganizationView {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    statusReason: row.statusReason,
    contactEmail: row.contactEmail,
    address: row.address ?? null,
    language: row.language,
    timezone: row.timezone,
    currency: row.currency,
    logoUrl: row.logoUrl,
    theme: row.theme,
    joinApproval: row.joinApproval,
    auditRetentionDays: row.auditRetentionDays,
    metadata: row.metadata,
    limits: row.limits,
    features: row.features,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    deletedAt: iso(row.deletedAt),
  };
}
