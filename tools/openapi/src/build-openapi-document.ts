import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ApiConfig } from '../../../apps/api/src/api.config.js';
import { ApiModule } from '../../../apps/api/src/api.module.js';
import { createOpenApiDocument } from '../../../apps/api/src/openapi/openapi.setup.js';

/**
 * The api's OpenAPI document as the running service serves it at /v1/openapi.json, made without PostgreSQL or
 * Kafka: in preview mode Nest reads the modules' controllers and decorators but instantiates no provider, so
 * nothing connects to anything.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(ApiModule.forRoot(new ApiConfig()), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
