import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The api's security headers, on every answer (the dashboard, Swagger UI at /docs, the JSON API), by helmet.
 * One Content-Security-Policy fits both pages: their scripts and styles come from this origin only; inline
 * styles are allowed because Swagger UI's page carries a <style> block and both set style attributes; images
 * may be data: URIs (Swagger UI's icons). Nothing may frame the pages, no page sends a Referer (the dashboard
 * carries its token in the stream's URL), and no answer is sniffed as another type. The event docs page
 * (/docs/events, openapi/asyncapi.setup.ts) replaces the policy on its own answer only.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'none'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Not upgrade-insecure-requests: wall screens reach the api over plain HTTP on the factory network.
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    // HTTPS, where there is any, ends at a proxy, which owns this decision: HSTS sent from here would apply to
    // every port of the host name, ingest's and the other services' plain HTTP included.
    strictTransportSecurity: false,
  }) as RequestHandler;
}
