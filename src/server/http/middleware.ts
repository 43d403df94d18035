// The middleware chain, in order: request context → session → (tenant | operator). Each sets one
// typed variable; handlers read c.var and never parse credentials or tenant ids themselves.
import { createMiddleware } from 'hono/factory';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { getConnInfo } from '@hono/node-server/conninfo';
import { runInScope, setActor, type RequestScope } from './request-scope.ts';
import { AppError } from '../errors.ts';
import type { Auth } from '../auth/auth.ts';
import type { FastResult } from '../auth/fast-session.ts';
import { OPERATOR_ROLE } from '../auth/auth.ts';
import type { Database } from '../db/client.ts';
import { resolveTenant } from '../tenancy/resolve-tenant.ts';
import type { AppEnv, Principal } from './env.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const requestContext = (log: Logger) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : uuidv7();
    c.set('requestId', requestId);
    c.set('log', log.child({ requestId }));
    c.header('x-request-id', requestId);
    // The peer address costs a syscall; only audit and security events need it, so read it lazily.
    let ip: string | null | undefined;
    const scope: RequestScope = {
      requestId,
      get ip() {
        if (ip === undefined) {
          try {
            ip = getConnInfo(c).remote.address ?? null;
          } catch {
            ip = null; // not served by @hono/node-server (e.g. app.request in-process)
          }
        }
        return ip;
      },
      userAgent: c.req.header('user-agent')?.slice(0, 512) ?? null,
      actor: { type: 'system', id: null, email: null },
    };
    await runInScope(scope, () => next());
  });

export const loadPrincipal = (auth: Auth, fastSession: (headers: Headers) => Promise<FastResult>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const headers = c.req.raw.headers;
    const fast = await fastSession(headers);
    const found = fast === undefined ? await auth.api.getSession({ headers }) : fast;
    let principal: Principal | null = null;
    if (found && !found.user.banned) {
      const { user, session } = found;
      principal = {
        user: { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerified, role: user.role ?? null },
        sessionId: session.id,
        activeOrganizationId: (session as { activeOrganizationId?: string | null }).activeOrganizationId ?? null,
        isOperator: user.role === OPERATOR_ROLE,
      };
      c.set('log', c.var.log.child({ userId: user.id }));
      const viaBearer = /^bearer /i.test(c.req.header('authorization') ?? '');
      setActor({
        type: principal.isOperator && c.req.path.startsWith('/api/v1/admin') ? 'operator' : viaBearer ? 'api_client' : 'user',
        id: user.id,
        email: user.email,
      });
    }
    c.set('principal', principal);
    await next();
  });

export function principalOf(c: { var: AppEnv['Variables'] }): Principal {
  const p = c.var.principal;
  if (!p) throw new AppError('unauthenticated');
  return p;
}

export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  principalOf(c);
  await next();
});

export const requireOperator = createMiddleware<AppEnv>(async (c, next) => {
  if (!principalOf(c).isOperator) throw new AppError('operator_required');
  await next();
});

/** Resolves {org} from the path — the only source of the tenant — and checks ACTIVE membership. */
export const resolveOrganization = (db: Database) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const principal = principalOf(c);
    const tenant = await resolveTenant(db, c.req.param('org') ?? '', principal.user.id);
    c.set('tenant', tenant);
    c.set('log', c.var.log.child({ tenantId: tenant.orgId }));
    await next();
  });

/** Writes must send JSON: anything else is refused before it reaches a validator. */
export const requireJsonBody = createMiddleware<AppEnv>(async (c, next) => {
  const method = c.req.method;
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    const type = c.req.header('content-type') ?? '';
    const length = c.req.header('content-length');
    const hasBody = (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined;
    if (hasBody && !/^application\/(.+\+)?json\s*(;|$)/i.test(type)) throw new AppError('unsupported_media_type');
  }
  await next();
});
