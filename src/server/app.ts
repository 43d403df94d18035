// Composition root: middleware order, mounts, and the one error handler. Nothing else lives here.
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import { sessionCookieName, type Auth } from './auth/auth.ts';
import { createFastSession } from './auth/fast-session.ts';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { AppError, normalizeError, toProblem, type ErrorCode } from './errors.ts';
import { docsRoutes } from './http/docs.ts';
import { createMetrics, routePattern } from './http/metrics.ts';
import { createSecurityEvents, type SecurityEventKind } from './platform/audit/security-events.ts';
import { auditRoutes, platformAuditRoutes } from './platform/audit/routes.ts';
import { eventRoutes } from './platform/events/feed.ts';
import { moduleManagementRoutes, mountModules, operatorModuleRoutes } from './modules/routes.ts';
import { webhookRoutes } from './platform/webhooks/routes.ts';
import type { SecretBox } from './platform/webhooks/secrets.ts';
import { notificationRoutes } from './platform/notifications/routes.ts';
import {
  loadPrincipal,
  requestContext,
  requireJsonBody,
  requireOperator,
  requireUser,
  resolveOrganization,
} from './http/middleware.ts';
import { router } from './http/openapi.ts';
import { healthRoutes } from './http/health.ts';
import { consoleRoutes } from './http/console.ts';
import { meRoutes } from './http/me.ts';
import { adminRoutes } from './platform/admin/routes.ts';
import { organizationRoutes } from './platform/organizations/routes.ts';
import { memberRoutes } from './platform/members/routes.ts';
import { roleRoutes } from './platform/roles/routes.ts';
import { teamRoutes } from './platform/teams/routes.ts';
import { invitationRoutes } from './platform/invitations/routes.ts';

export type AppDeps = { config: Config; db: Database; auth: Auth; log: Logger; baseUrl: string; box: SecretBox; secret: string };

const httpExceptionCodes: Record<number, ErrorCode> = {
  400: 'bad_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  413: 'payload_too_large', 415: 'unsupported_media_type', 429: 'rate_limited', 503: 'service_unavailable',
};

export function createApp({ config, db, auth, log, baseUrl, box, secret }: AppDeps) {
  const app = router();
  const metrics = createMetrics();

  app.use('*', requestContext(log));
  app.use('*', metrics.middleware);
  // The unread rest of an oversized body is not drained for long: close the connection with the 413, or a
  // keep-alive client reuses a socket the server is about to destroy and its next request fails.
  app.use('/api/*', bodyLimit({
    maxSize: 1024 * 1024,
    onError: () => { throw new AppError('payload_too_large', undefined, { headers: { connection: 'close' } }); },
  }));

  app.route('/', healthRoutes(db, metrics.registry));
  app.on(['GET', 'POST'], '/api/auth/*', (c) => auth.handler(c.req.raw));

  // authenticate → (tenant from the path | operator) → handlers
  const fastSession = createFastSession(db, secret, sessionCookieName(config.env === 'production'));
  app.use('/api/v1/*', requireJsonBody, loadPrincipal(auth, fastSession));
  for (const path of ['/api/v1/me', '/api/v1/me/*', '/api/v1/orgs', '/api/v1/orgs/*', '/api/v1/admin/*']) app.use(path, requireUser);
  app.use('/api/v1/orgs/:org', resolveOrganization(db));
  app.use('/api/v1/orgs/:org/*', resolveOrganization(db));
  app.use('/api/v1/admin/*', requireOperator);

  app.route('/api/v1', meRoutes());
  app.route('/api/v1', organizationRoutes(db, { autoApprove: config.autoApprove }));
  app.route('/api/v1', memberRoutes(db));
  app.route('/api/v1', roleRoutes(db));
  app.route('/api/v1', teamRoutes(db));
  app.route('/api/v1', invitationRoutes(db, baseUrl)); // token routes are public or check the session themselves
  app.route('/api/v1', moduleManagementRoutes(db));
  mountModules(app, db);
  app.route('/api/v1/admin', operatorModuleRoutes(db));
  app.route('/api/v1', auditRoutes(db));
  app.route('/api/v1', eventRoutes(db));
  app.route('/api/v1', webhookRoutes({ db, box, allowPrivate: config.webhooks.allowPrivate }));
  app.route('/api/v1/admin', notificationRoutes(db));
  app.route('/api/v1/admin', platformAuditRoutes(db));
  app.route('/api/v1/admin', adminRoutes(db, { restoreWindowDays: config.restoreWindowDays, consoleUrl: baseUrl }));

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Tenantry API',
      version: '0.1.0',
      description:
        'Organizations, memberships and database-enforced tenant isolation. Authenticate with the session cookie from ' +
        '/api/auth/sign-in/email or an `Authorization: Bearer <token>` header (the token is returned by sign-in). ' +
        'Errors are application/problem+json with a stable `code`.',
    },
    servers: [{ url: baseUrl }],
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.route('/api/docs', docsRoutes());

  app.route('/', consoleRoutes());

  app.notFound((c) => {
    const problem = toProblem(new AppError('not_found', `No route for ${c.req.method} ${c.req.path}`), c.var.requestId);
    return c.json(problem, 404, { 'content-type': 'application/problem+json' });
  });

  const recordSecurityEvent = createSecurityEvents(db, metrics.registry, log);
  const securityKind: Partial<Record<ErrorCode, SecurityEventKind>> = {
    forbidden: 'permission_denied',
    operator_required: 'operator_required',
    not_found: 'not_found_probe',
  };

  app.onError((err, c) => {
    let normalized = normalizeError(err);
    if (err instanceof HTTPException) {
      const code = /malformed json/i.test(err.message) ? 'invalid_json' : (httpExceptionCodes[err.status] ?? 'bad_request');
      normalized = { error: new AppError(code, err.message || undefined), unexpected: false };
    }
    const { error, unexpected } = normalized;
    const logger = c.var.log ?? log;
    if (unexpected) logger.error({ err }, 'request failed');
    else logger.debug({ code: error.code }, 'request refused');
    const kind = securityKind[error.code];
    // A 404 is a probe only when a signed-in caller asked for something inside an organization.
    if (kind && c.var.principal && (kind !== 'not_found_probe' || c.req.path.startsWith('/api/v1/orgs/'))) {
      recordSecurityEvent(kind, { userId: c.var.principal.user.id, method: c.req.method, route: routePattern(c), code: error.code });
    }
    const problem = toProblem(error, c.var.requestId);
    return c.json(problem, problem.status as 400, { 'content-type': 'application/problem+json', ...error.headers });
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
