import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** `/racks/{serial}`: one path segment after /racks/, whatever it holds (its slashes arrive encoded). */
const RACK_PAGE = /^\/racks\/[^/]+\/?$/;

/** Where `npm run build` (vite) puts the web app built from apps/api/web: dist/web, beside dist/apps. */
export function defaultDashboardDir(): string {
  return resolve(import.meta.dirname, '../../../../web');
}

/**
 * Serves the built dashboard at `/` without a token: the page itself holds no data, and asks for a manager
 * token before it calls the API. Vite names assets by content hash, so they can be cached for good; the page
 * itself is revalidated so a deploy shows at the next reload. Its security headers (CSP, no Referer, nosniff)
 * are the api's own (security-headers.ts). Source maps are never served, even if a build made some: they
 * would publish the page's source to anyone who can reach it.
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
  const page = join(directory, 'index.html');
  app.use((request: Request, response: Response, next: NextFunction) => {
    // A rack's own page, `/racks/{serial}`, is the dashboard's index.html: the page routes on its path. The
    // serial is never read here, so one with `.map`, `%2F` or `..` in it can only ever get this one file.
    if ((request.method === 'GET' || request.method === 'HEAD') && RACK_PAGE.test(request.path)) {
      response.set('Cache-Control', 'no-cache');
      return response.sendFile(page);
    }
    // API paths may end in .map (a rack serial may); only files of the page are refused.
    if (request.path.startsWith('/v1/') || !request.path.endsWith('.map')) return next();
    response.status(404).type('text/plain').send('Not found\n');
  });
  app.useStaticAssets(directory, {
    index: 'index.html',
    setHeaders: (response, path) => {
      response.set(
        'Cache-Control',
        path.includes(`${join(directory, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
