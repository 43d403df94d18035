// Between the organization as the API returns it and the settings form: the form holds plain strings
// (inputs cannot hold null), the PATCH sends null for cleared nullable fields and omits empty
// address/theme parts (the API validates each part's format, an empty string would fail it).
// Only changed fields are sent: a PATCH says what changed, and an untouched stored value the current
// validator would refuse (the default timezone 'UTC') cannot block saving something else.
import type { Address, Organization, Theme } from '../../lib/org';

export type SettingsValues = {
  name: string;
  slug: string;
  contactEmail: string;
  language: string;
  timezone: string;
  currency: string;
  logoUrl: string;
  joinApproval: boolean;
  address: Required<Address>;
  theme: Required<Theme>;
};

export type SettingsPatch = Omit<Partial<Organization>, 'address' | 'theme'> & { address?: Address | null; theme?: Theme };

export function toValues(org: Organization): SettingsValues {
  const address = org.address ?? {};
  const theme = org.theme ?? {};
  return {
    name: org.name,
    slug: org.slug,
    contactEmail: org.contactEmail ?? '',
    language: org.language,
    timezone: org.timezone,
    currency: org.currency ?? '',
    logoUrl: org.logoUrl ?? '',
    joinApproval: org.joinApproval,
    address: {
      line1: address.line1 ?? '', line2: address.line2 ?? '', city: address.city ?? '',
      region: address.region ?? '', postalCode: address.postalCode ?? '', country: address.country ?? '',
    },
    theme: { primaryColor: theme.primaryColor ?? '', accentColor: theme.accentColor ?? '' },
  };
}

const compact = <T extends Record<string, string>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()])) as Partial<T>;

function toBody(v: SettingsValues): SettingsPatch {
  return {
    name: v.name.trim(),
    slug: v.slug.trim(),
    contactEmail: v.contactEmail.trim() || null,
    language: v.language.trim(),
    timezone: v.timezone,
    currency: v.currency.trim().toUpperCase() || null,
    logoUrl: v.logoUrl.trim() || null,
    joinApproval: v.joinApproval,
    address: Object.keys(compact(v.address)).length ? compact(v.address) : null,
    theme: compact(v.theme),
  };
}

/** The fields of `values` that differ from `initial`, as the API expects them. */
export function toPatch(values: SettingsValues, initial: SettingsValues): SettingsPatch {
  const next = toBody(values);
  const before = toBody(initial);
  return Object.fromEntries(
    Object.entries(next).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as keyof SettingsPatch])),
  ) as SettingsPatch;
}
