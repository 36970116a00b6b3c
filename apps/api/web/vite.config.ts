import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { parse } from 'yaml';

// The dashboard is a static page the api serves at `/` from dist/web (see apps/api/src/dashboard).
// `npx vite --config apps/api/web/vite.config.ts` serves it with hot reload against an api on :3001.

const dist = (path: string) => fileURLToPath(new URL(`../../../dist/${path}`, import.meta.url));
const repository = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/**
 * The event docs the api serves at /docs/events (apps/api/src/openapi/asyncapi.setup.ts), put beside the
 * dashboard in dist/asyncapi: the AsyncAPI document (YAML as written, and JSON), and the AsyncAPI renderer's
 * standalone browser bundle and style sheet. Copied at build time, so the api serves them with no internet
 * and needs neither docs/ nor the renderer's package where it runs (the container image holds dist only).
 */
function eventDocs(): Plugin {
  return {
    name: 'event-docs',
    apply: 'build',
    closeBundle() {
      const out = dist('asyncapi');
      mkdirSync(out, { recursive: true });
      const yaml = readFileSync(repository('docs/events/asyncapi.yaml'), 'utf8');
      writeFileSync(join(out, 'asyncapi.yaml'), yaml);
      writeFileSync(join(out, 'asyncapi.json'), `${JSON.stringify(parse(yaml), null, 2)}\n`);
      const renderer = dirname(
        createRequire(import.meta.url).resolve('@asyncapi/react-component/package.json'),
      );
      copyFileSync(join(renderer, 'browser/standalone/index.js'), join(out, 'asyncapi-standalone.js'));
      copyFileSync(join(renderer, 'styles/default.min.css'), join(out, 'asyncapi.css'));
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [eventDocs()],
  build: {
    outDir: dist('web'),
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
