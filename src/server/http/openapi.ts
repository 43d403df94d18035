// Route-declaration helpers: one OpenAPIHono factory whose validation failures become coded errors,
// the shared problem+json schema, and the standard error responses every route documents.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError, zodFieldErrors } from '../errors.ts';
import type { AppEnv } from './env.ts';

export function router() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const target = result.target === 'json' ? 'body' : result.target;
        throw new AppError('validation_failed', `Invalid ${target}`, { errors: zodFieldErrors(result.error, target) });
      }
    },
  });
}

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** Error responses, by status, for route declarations. */
export const errors = {
  400: problem('Invalid input (field errors listed)'),
  401: problem('Not signed in'),
  403: problem('Not allowed, or the organization is pending/suspended'),
  404: problem('Not found (also for other tenants\' resources)'),
  409: problem('Conflict with current state'),
  415: problem('Body must be application/json'),
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const Uuid = z.uuid();
export const IsoDate = z.string().openapi({ format: 'date-time' });
