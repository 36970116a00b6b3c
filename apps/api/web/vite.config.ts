import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The dashboard is a static page the api serves at `/` from dist/web (see apps/api/src/dashboard).
// `npx vite --config apps/api/web/vite.config.ts` serves it with hot reload against an api on :3001.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Served to anyone who can reach the api: no source maps (the api refuses to serve any .map besides).
    sourcemap: false,
    // One small page: a single chunk loads fastest on a wall screen's browser.
    chunkSizeWarningLimit: 300,
  },
  server: {
    proxy: { '/v1': 'http://127.0.0.1:3001' },
  },
});
