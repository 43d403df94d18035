// The wizard's form values and the API body built from them. Owner fields sit under `owner.*` and
// organization fields under `organization.*`, exactly as the API names them, so its field errors
// (errors[].path 'body.owner.email') land on the right input without translation.
import { browserTimezone } from '../../../lib/timezones';
import type { WizardInput } from '../api';

export type WizardValues = {
  mode: 'existing' | 'new';
  owner: { userId: string; email: string; name: string; password: string };
  organization: { name: string; slug: string; contactEmail: string; language: string; timezone: string; currency: string; joinApproval: boolean };
  initialStatus: 'ACTIVE' | 'PENDING';
};

export const initialWizardValues: WizardValues = {
  mode: 'existing',
  owner: { userId: '', email: '', name: '', password: '' },
  organization: {
    name: '', slug: '', contactEmail: '', language: 'en',
    timezone: browserTimezone(), currency: '', joinApproval: false,
  },
  initialStatus: 'ACTIVE',
};

export function toWizardInput(v: WizardValues, dryRun: boolean): WizardInput {
  const o = v.organization;
  return {
    owner:
      v.mode === 'existing'
        ? { mode: 'existing', userId: v.owner.userId }
        : { mode: 'new', email: v.owner.email.trim(), name: v.owner.name.trim(), ...(v.owner.password ? { password: v.owner.password } : {}) },
    organization: {
      name: o.name.trim(),
      ...(o.slug.trim() ? { slug: o.slug.trim() } : {}),
      contactEmail: o.contactEmail.trim() || null,
      language: o.language.trim() || undefined,
      timezone: o.timezone || undefined,
      currency: o.currency.trim().toUpperCase() || null,
      joinApproval: o.joinApproval,
    },
    initialStatus: v.initialStatus,
    dryRun,
  };
}
