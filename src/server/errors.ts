// Coded errors and their HTTP rendering. This is the only file that knows HTTP statuses:
// services throw `AppError(code)`, the app's error handler calls `toProblem()`.
import { ZodError } from 'zod';

const catalog = {
  bad_request: [400, 'Bad request'],
  validation_failed: [400, 'Request validation failed'],
  invalid_json: [400, 'Malformed JSON body'],
  unauthenticated: [401, 'Authentication required'],
  forbidden: [403, 'Permission denied'],
  operator_required: [403, 'Platform operator access required'],
  organization_pending: [403, 'Organization is awaiting approval'],
  organization_rejected: [403, 'Organization was rejected'],
  organization_suspended: [403, 'Organization is suspended'],
  module_not_enabled: [403, 'Module is not enabled for this organization'],
  email_not_verified: [403, 'Email address is not verified'],
  invitation_email_mismatch: [403, 'This invitation was sent to another email address'],
  not_found: [404, 'Not found'],
  method_not_allowed: [405, 'Method not allowed'],
  conflict: [409, 'Conflict'],
  slug_taken: [409, 'Slug is already taken'],
  email_taken: [409, 'Email is already registered'],
  invalid_transition: [409, 'Transition not allowed from the current state'],
  restore_window_expired: [409, 'Restore window has expired'],
  last_owner: [409, 'An organization must keep at least one active owner'],
  already_member: [409, 'Already a member of this organization'],
  seat_limit_reached: [409, 'The organization has reached its member limit'],
  stale_role: [409, 'Your role changed while the request ran; retry'],
  payload_too_large: [413, 'Payload too large'],
  unsupported_media_type: [415, 'Unsupported media type'],
  unprocessable: [422, 'Unprocessable request'],
  rate_limited: [429, 'Too many requests'],
  internal: [500, 'Internal error'],
  service_unavailable: [503, 'Service unavailable'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof catalog;

export type FieldError = { path: string; message: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;
  constructor(
    code: ErrorCode,
    detail?: string,
    options: { errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail ?? catalog[code][1], { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers;
  }
}

export const statusOf = (code: ErrorCode): number => catalog[code][0];

export type Problem = {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
};

export function zodFieldErrors(error: ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    // Unknown keys are reported per key so clients see exactly which field was refused.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ path: [path, k].filter(Boolean).join('.'), message: 'unknown field' }));
    }
    return [{ path: path || '(root)', message: issue.message }];
  }).flat();
}

const pgCodeMap: Record<string, ErrorCode> = {
  '23505': 'conflict', // unique_violation; refined below for known constraints
  '23503': 'not_found', // foreign key to a row the tenant cannot see is indistinguishable from missing
  '23514': 'unprocessable', // check_violation
  '22003': 'unprocessable', // numeric_value_out_of_range (e.g. an amount beyond its NUMERIC column)
  '22P02': 'not_found', // invalid_text_representation (e.g. a malformed uuid reaching SQL)
  '22001': 'validation_failed', // string_data_right_truncation
  '42501': 'not_found', // insufficient_privilege / RLS WITH CHECK: never reveal the other tenant's row
  '40001': 'conflict', // serialization_failure
  '40P01': 'conflict', // deadlock_detected
  '57014': 'service_unavailable', // statement timeout
  '57P01': 'service_unavailable',
  '53300': 'service_unavailable',
};

/** Constraint name → specific conflict code (constraints are named in the schema). */
const constraintCodes: Record<string, ErrorCode> = {
  organizations_slug_unique: 'slug_taken',
  users_email_unique: 'email_taken',
};

function pgError(err: unknown): { code: string; constraint?: string } | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const o = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    if (typeof o.code === 'string' && /^[0-9A-Z]{5}$/.test(o.code)) {
      const constraint = (o.constraint ?? o.constraint_name) as string | undefined;
      return { code: o.code, constraint };
    }
    e = o.cause;
  }
  return undefined;
}

function isConnectionFailure(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'CONNECTION_CLOSED' || code === 'CONNECT_TIMEOUT' || code === 'CONNECTION_ENDED' || code === 'CONNECTION_DESTROYED') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Turns anything thrown into an AppError; unknown errors become `internal` (logged by the caller). */
export function normalizeError(err: unknown): { error: AppError; unexpected: boolean } {
  if (err instanceof AppError) return { error: err, unexpected: false };
  if (err instanceof ZodError) {
    return { error: new AppError('validation_failed', undefined, { errors: zodFieldErrors(err) }), unexpected: false };
  }
  const pg = pgError(err);
  if (pg) {
    const byConstraint = pg.constraint ? constraintCodes[pg.constraint] : undefined;
    const code = byConstraint ?? pgCodeMap[pg.code];
    if (code) return { error: new AppError(code, undefined, { cause: err }), unexpected: false };
    if (pg.code.startsWith('08')) return { error: new AppError('service_unavailable', undefined, { cause: err }), unexpected: true };
  }
  if (isConnectionFailure(err)) {
    return { error: new AppError('service_unavailable', 'Database unavailable', { cause: err }), unexpected: true };
  }
  return { error: new AppError('internal', 'An unexpected error occurred', { cause: err }), unexpected: true };
}

export function toProblem(error: AppError, requestId?: string, instance?: string): Problem {
  const [status, title] = catalog[error.code];
  return {
    type: `urn:tenantry:problem:${error.code}`,
    title,
    status,
    code: error.code,
    detail: error.message,
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
    ...(error.errors ? { errors: error.errors } : {}),
  };
}
