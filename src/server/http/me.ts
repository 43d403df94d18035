// The signed-in user, as the console needs it.
import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, router } from './openapi.ts';
import { principalOf } from './middleware.ts';

const me = createRoute({
  method: 'get',
  path: '/me',
  tags: ['Session'],
  summary: 'The signed-in user and whether they are a platform operator',
  responses: {
    200: json(
      z.object({
        id: z.uuid(),
        email: z.string(),
        name: z.string(),
        emailVerified: z.boolean(),
        isOperator: z.boolean(),
      }),
      'Current user',
    ),
    401: errors[401],
  },
});

export function meRoutes() {
  return router().openapi(me, (c) => {
    const { user, isOperator } = principalOf(c);
    return c.json({ id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerified, isOperator }, 200);
  });
}
