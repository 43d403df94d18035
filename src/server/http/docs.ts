// Interactive API docs served from the swagger-ui-dist npm package: no CDN, works offline.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { createRequire } from 'node:module';

const assets = ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png'];
const types: Record<string, string> = { '.css': 'text/css', '.js': 'text/javascript', '.png': 'image/png' };

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tenantry API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"><link rel="icon" href="/api/docs/assets/favicon-32x32.png"></head>
<body><div id="docs"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="/api/docs/assets/init.js"></script></body></html>`;

const init = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs', deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout',
  validatorUrl: null, withCredentials: true });`;

export function docsRoutes() {
  const dir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const files = new Map(assets.map((f) => [f, readFileSync(path.join(dir, f))]));
  const app = new Hono();
  app.get('/', (c) => c.html(page));
  app.get('/assets/init.js', (c) => c.body(init, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/assets/:file', (c) => {
    const name = c.req.param('file');
    const body = files.get(name);
    if (!body) return c.notFound();
    return c.body(new Uint8Array(body), 200, {
      'content-type': types[path.extname(name)] ?? 'application/octet-stream',
      'cache-control': 'public, max-age=86400',
    });
  });
  return app;
}
