// The console's build: sources in src/console, output in dist/console (served by the API server at `/`
// with assets under /assets/). In development, `npx vite` proxies /api to a server on port 3000.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'src/console',
  plugins: [react()],
  build: {
    outDir: '../../dist/console',
    emptyOutDir: true,
    assetsDir: 'assets',
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
