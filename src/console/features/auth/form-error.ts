// Better Auth reports field problems as codes; put them on the field, everything else on the form.
import { isApiError } from '../../lib/api';
import { errorMessage } from '../../lib/notify';
import { authFieldOf } from './api';

export function splitAuthError(error: unknown): { field?: string; message: string } {
  const field = isApiError(error) ? authFieldOf[error.code] : undefined;
  return { field, message: errorMessage(error) };
}
