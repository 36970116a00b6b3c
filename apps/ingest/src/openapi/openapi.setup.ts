import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Swagger UI at /docs and the document at /v1/openapi.json, generated from the controllers and DTOs. */
export function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Rack line tracker — ingest (station terminals)')
    .setDescription(
      'Station terminals post events (`/v1/events`) and ask the interlock (`/v1/clearance`) with their ' +
        'station token: `Authorization: Bearer <station token>`.',
    )
    .setVersion('1')
    // addSecurity, not addBearerAuth: that one says `bearerFormat: JWT`, and station tokens are opaque strings.
    .addSecurity('bearer', {
      type: 'http',
      scheme: 'bearer',
      description: 'A station token, opaque (npm run station:add)',
    })
    .build();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'v1/openapi.json',
    customSiteTitle: 'Rack line tracker ingest',
  });
}
