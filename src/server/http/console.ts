// Serves the built console (dist/console) at `/`, with the SPA fallback to index.html for client
// routes. API, auth, docs and health paths never fall through to it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

const root = fileURLToPath(new URL('../../../dist/console', import.meta.url));
const reserved = /^\/(api|healthz|readyz|metrics)(\/|$)/;

export function consoleRoutes() {
  const app = new Hono();
  const indexFile = path.join(root, 'index.html');
  if (!existsSync(indexFile)) {
    app.get('/', (c) =>
      c.html('<!doctype html><title>Tenantry</title><p>The console is not built. Run <code>npm run build:console</code>, then reload. The API is at <a href="/api/docs">/api/docs</a>.</p>'),
    );
    return app;
  }
  const index = readFileSync(indexFile, 'utf8');
  app.use('/assets/*', serveStatic({ root: path.relative(process.cwd(), root), onFound: (_p, c) => c.header('cache-control', 'public, max-age=31536000, immutable') }));
  app.get('*', async (c, next) => {
    if (reserved.test(c.req.path)) return next();
    const file = path.join(root, path.normalize(c.req.path));
    if (file.startsWith(root + path.sep) && !c.req.path.endsWith('/') && existsSync(file)) {
      return serveStatic({ root: path.relative(process.cwd(), root) })(c, next);
    }
    return c.html(index);
  });
  return app;
}
