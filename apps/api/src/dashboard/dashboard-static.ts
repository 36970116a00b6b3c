import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Where `npm run build` (vite) puts the page: dist/dashboard, beside dist/apps. */
export function defaultDashboardDir(): string {
  return resolve(import.meta.dirname, '../../../../dashboard');
}

// The page talks only to this origin; the token it holds must never leave in a Referer header.
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
    "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

/**
 * Serves the built dashboard at `/` without a token: the page itself holds no data, and asks for a manager
 * token before it calls the API. Vite names assets by content hash, so they can be cached for good; the page
 * itself is revalidated so a deploy shows at the next reload.
 */
export function serveDashboard(app: NestExpressApplication, directory: string): void {
  if (!existsSync(join(directory, 'index.html'))) {
    app.use('/', (request: Request, response: Response, next: NextFunction) => {
      if (request.method !== 'GET' || request.path !== '/') return next();
      response
        .status(503)
        .type('text/plain')
        .send(`The dashboard is not built (no ${directory}/index.html): run \`npm run build\`.\n`);
    });
    return;
  }
  app.useStaticAssets(directory, {
    index: 'index.html',
    setHeaders: (response, path) => {
      response.set(PAGE_HEADERS);
      response.set(
        'Cache-Control',
        path.includes(`${join(directory, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
