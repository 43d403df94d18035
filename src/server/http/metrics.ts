// Prometheus metrics (/metrics): request counts and latency by route pattern, status and tenant.
// The tenant label is the organization id resolved by the tenant middleware (never client input).
import { createMiddleware } from 'hono/factory';
import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { AppEnv } from './env.ts';

/**
 * The pattern of the endpoint the request matched (e.g. /api/v1/orgs/:org/members), not of a
 * middleware: labels and security events never carry ids from the path.
 */
export function routePattern(c: Context): string {
  // The first method-specific route is the endpoint; later ones are catch-alls (the console's SPA fallback).
  return matchedRoutes(c).find((r) => r.method !== 'ALL')?.path ?? 'unmatched';
}

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status', 'tenant'] as const;
  const requests = new Counter({ name: 'tenantry_http_requests_total', help: 'HTTP requests', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'tenantry_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const middleware = createMiddleware<AppEnv>(async (c, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      const labels = {
        method: c.req.method,
        route: routePattern(c),
        status: String(c.res.status),
        tenant: c.var.tenant?.orgId ?? '',
      };
      requests.inc(labels);
      duration.observe(labels, (performance.now() - start) / 1000);
    }
  });
  return { registry, middleware };
}
