// Puts an API's field errors next to the fields they concern: errors[].path 'body.contactEmail' becomes
// the form error of `contactEmail` (nested paths stay dotted, as @mantine/form names nested fields).
import { isApiError, type FieldError } from './api';

/** Field errors of `error` under `prefix` ('body' by default), keyed by form field path. */
export function fieldErrorsOf(error: unknown, prefix = 'body'): Record<string, string> {
  if (!isApiError(error)) return {};
  const out: Record<string, string> = {};
  for (const { path, message } of error.fieldErrors as FieldError[]) {
    if (path === prefix || !path.startsWith(`${prefix}.`)) continue;
    const field = path.slice(prefix.length + 1);
    out[field] = out[field] ? `${out[field]}; ${message}` : message;
  }
  return out;
}

/** Field errors that no visible field can show (so the form shows them in its summary instead). */
export function unplacedErrors(error: unknown, fields: readonly string[], prefix = 'body'): string[] {
  return Object.entries(fieldErrorsOf(error, prefix))
    .filter(([field]) => !fields.some((f) => field === f || field.startsWith(`${f}.`)))
    .map(([field, message]) => `${field}: ${message}`);
}
