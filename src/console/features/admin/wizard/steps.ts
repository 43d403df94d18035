// Steps of the creation wizard, which fields each owns (for per-step validation), and where a server
// error sends the operator back to: the step holding the field at fault.
import { isApiError } from '../../../lib/api';
import { fieldErrorsOf } from '../../../lib/form-errors';
import type { WizardValues } from './values';

export const STEP = { mode: 0, owner: 1, details: 2, review: 3, done: 4 } as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Client-side checks of one step (the server checks again; these only save a round trip). */
export function validateStep(step: number, v: WizardValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (step === STEP.owner && v.mode === 'existing' && !v.owner.userId) errors['owner.userId'] = 'Choose the owner';
  if (step === STEP.owner && v.mode === 'new') {
    if (!EMAIL.test(v.owner.email.trim())) errors['owner.email'] = 'Enter an email address';
    if (v.owner.name.trim().length < 2) errors['owner.name'] = 'Enter a name (2–100 characters)';
    if (v.owner.password && (v.owner.password.length < 10 || v.owner.password.length > 128)) errors['owner.password'] = '10 to 128 characters, or leave empty';
  }
  if (step === STEP.details) {
    const o = v.organization;
    if (o.name.trim().length < 2) errors['organization.name'] = 'Between 2 and 100 characters';
    if (o.slug && !SLUG.test(o.slug)) errors['organization.slug'] = 'Lowercase letters, digits and single hyphens';
    if (o.contactEmail && !EMAIL.test(o.contactEmail)) errors['organization.contactEmail'] = 'Enter an email address';
    if (o.currency && !/^[A-Za-z]{3}$/.test(o.currency)) errors['organization.currency'] = 'Three letters, e.g. EUR';
  }
  return errors;
}

/** The step to return to for a failed call, with the errors to show on its fields. */
export function stepForError(error: unknown): { step: number; errors: Record<string, string> } {
  const errors = fieldErrorsOf(error);
  if (isApiError(error) && error.code === 'email_taken') errors['owner.email'] ??= 'A user with this email already exists; choose "existing user"';
  if (isApiError(error) && error.code === 'slug_taken') errors['organization.slug'] ??= 'This slug is taken';
  const fields = Object.keys(errors);
  if (fields.some((f) => f.startsWith('owner'))) return { step: STEP.owner, errors };
  if (fields.some((f) => f.startsWith('organization'))) return { step: STEP.details, errors };
  return { step: STEP.review, errors };
}
