// Liveness, readiness (checks the database) and Prometheus metrics.
import { Hono } from 'hono';
import type { Registry } from 'prom-client';
import type { Database } from '../db/client.ts';

export function healthRoutes(db: Database, registry: Registry) {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await Promise.race([db.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
      return c.json({ status: 'ready', database: db.engine });
    } catch {
      return c.json({ status: 'unavailable', database: db.engine }, 503);
    }
  });
  app.get('/metrics', async (c) => c.body(await registry.metrics(), 200, { 'content-type': registry.contentType }));
  return app;
}
