import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Where `npm run build` puts the event docs (see apps/api/web/vite.config.ts): dist/asyncapi, beside dist/apps. */
export function defaultAsyncApiDir(): string {
  return resolve(import.meta.dirname, '../../../../asyncapi');
}

// The renderer parses and validates the document in the browser, and its validator compiles JSON schemas to
// functions: this page alone may evaluate code. Everything still comes from this origin only.
const PAGE_POLICY = [
  "default-src 'self'",
  "base-uri 'none'",
  "connect-src 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self' 'unsafe-eval'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
].join(';');

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Rack line tracker events</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="events/asyncapi.css" />
  </head>
  <body>
    <div id="asyncapi">Loading the event contract…</div>
    <script src="events/asyncapi-standalone.js"></script>
    <script src="events/render.js"></script>
  </body>
</html>
`;

// A file of its own rather than an inline script, so the page needs no 'unsafe-inline' for scripts.
const RENDER = `fetch('events.yaml')
  .then((response) => response.text())
  .then((schema) =>
    AsyncApiStandalone.render(
      { schema, config: { show: { sidebar: true, errors: true } } },
      document.getElementById('asyncapi'),
    ),
  );
`;

interface Asset {
  type: string;
  body: () => string | Buffer;
  policy?: string;
}

/**
 * The Kafka contract (docs/events/asyncapi.yaml) next to the HTTP one, readable without a token like /docs:
 * the document at /docs/events.yaml and /docs/events.json, and rendered at /docs/events by the AsyncAPI
 * renderer, served from here so the page works on a factory network without internet.
 */
export function setUpAsyncApi(app: NestExpressApplication, directory: string): void {
  const file = (name: string) => () => readFileSync(join(directory, name));
  const assets: Record<string, Asset> = {
    '/docs/events': { type: 'text/html; charset=utf-8', body: () => PAGE, policy: PAGE_POLICY },
    '/docs/events.yaml': { type: 'application/yaml; charset=utf-8', body: file('asyncapi.yaml') },
    '/docs/events.json': { type: 'application/json; charset=utf-8', body: file('asyncapi.json') },
    '/docs/events/render.js': { type: 'text/javascript; charset=utf-8', body: () => RENDER },
    '/docs/events/asyncapi-standalone.js': {
      type: 'text/javascript; charset=utf-8',
      body: file('asyncapi-standalone.js'),
    },
    '/docs/events/asyncapi.css': { type: 'text/css; charset=utf-8', body: file('asyncapi.css') },
  };
  const built = existsSync(join(directory, 'asyncapi.yaml'));
  app.use((request: Request, response: Response, next: NextFunction) => {
    const asset = request.method === 'GET' || request.method === 'HEAD' ? assets[request.path] : undefined;
    if (asset === undefined) return next();
    if (!built) {
      response
        .status(503)
        .type('text/plain')
        .send(`The event docs are not built (no ${directory}/asyncapi.yaml): run \`npm run build\`.\n`);
      return;
    }
    if (asset.policy !== undefined) response.set('Content-Security-Policy', asset.policy);
    response.set('Cache-Control', 'no-cache').type(asset.type).send(asset.body());
  });
}
