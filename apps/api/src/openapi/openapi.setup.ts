import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { BEARER } from '../common/api-access.decorator.js';

const DESCRIPTION = [
  'Where every rack is, what happened to it, how the week is going against its target, and which events were',
  'refused; live updates by Server-Sent Events at `/v1/stream`.',
  '',
  '**Access.** Every `/v1` endpoint needs `Authorization: Bearer <token>`: a **manager** token reads everything; an',
  "**admin** token (the service's `ADMIN_TOKEN`, or one issued by an admin) also changes configuration. Admins",
  'issue and revoke tokens at `/v1/tokens`; every configuration change is in the audit log at `/v1/audit`.',
  "Stations' tokens are for ingest only and open nothing here.",
  '',
  '**Errors** always have the shape `{ statusCode, error, message, errors? }`; 400s list every bad field in',
  '`errors` as `{ path, reason }`. Requests are rate-limited per token (or address): over the limit the answer is',
  '429 with `Retry-After`.',
  '',
  'Routes per rack model can be changed by an admin; a route change affects only racks that start afterwards,',
  'because every rack keeps the route it started with.',
].join('\n');

/** The document is generated from the controllers and DTOs, so it cannot drift from what the API does. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Rack line tracker — read API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    // addSecurity, not addBearerAuth: that one says `bearerFormat: JWT`, and these tokens are opaque strings.
    .addSecurity(BEARER, {
      type: 'http',
      scheme: 'bearer',
      description: 'A manager or admin token (opaque: issued by an admin at /v1/tokens, or ADMIN_TOKEN)',
    })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Swagger UI at /docs, the document at /v1/openapi.json (and /docs/openapi.yaml); no token needed to read them. */
export function setUpOpenApi(app: INestApplication): OpenAPIObject {
  const document = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'v1/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    customSiteTitle: 'Rack line tracker API',
  });
  return document;
}
