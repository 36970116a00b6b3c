// `npm run api:types`: writes apps/api/web/src/api-schema.d.ts from the api's OpenAPI document, built without
// PostgreSQL or Kafka (see buildOpenApiDocument).
import { writeFile } from 'node:fs/promises';
import { API_SCHEMA_FILE, renderApiTypes } from './api-types.js';
import { buildOpenApiDocument } from './build-openapi-document.js';

const document = await buildOpenApiDocument();
await writeFile(API_SCHEMA_FILE, await renderApiTypes(document));
process.stdout.write(`api:types: wrote ${API_SCHEMA_FILE} (${Object.keys(document.paths).length} paths)\n`);
