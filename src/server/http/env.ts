// The typed request context (c.var), set once by middleware.
import type { Logger } from 'pino';
import type { TenantContext } from '../tenancy/with-tenant.ts';

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  role: string | null;
};

export type Principal = {
  user: SessionUser;
  sessionId: string;
  activeOrganizationId: string | null;
  isOperator: boolean;
};

export type AppEnv = {
  Variables: {
    requestId: string;
    log: Logger;
    principal: Principal | null;
    tenant: TenantContext;
  };
};
