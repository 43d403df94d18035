// A module's routes answer only while the module is enabled for the organization in the path.
import { createMiddleware } from 'hono/factory';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';

export const requireModule = (moduleId: string) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!c.var.tenant.modules.has(moduleId)) {
      throw new AppError('module_not_enabled', `The ${moduleId} module is not enabled for this organization`);
    }
    await next();
  });
