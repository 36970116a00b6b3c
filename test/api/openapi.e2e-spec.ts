import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { API_SCHEMA_FILE, renderApiTypes } from '../../tools/openapi/src/api-types.js';
import { apiSuite } from './api-fixtures.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Operation {
  name: string;
  path: string;
  method: string;
  operation: OperationObject;
}

function operationsOf(document: OpenAPIObject): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ name: `${method.toUpperCase()} ${path}`, path, method, operation }] : [];
    }),
  );
}

const mediaOf = (response: ResponseObject) => Object.values(response.content ?? {});

// The served document, as Swagger UI and the dashboard's generated types read it.
describe('api: the OpenAPI document describes every route completely', () => {
  const { api } = apiSuite('api_openapi');
  let document: OpenAPIObject;
  const served = async () => {
    document ??= (await (await fetch(`${api.url}/v1/openapi.json`)).json()) as OpenAPIObject;
    return document;
  };

  it('declares the bearer token as opaque (no bearerFormat: JWT)', async () => {
    expect((await served()).components?.securitySchemes).toEqual({
      token: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
    expect(JSON.stringify((await served()).components?.securitySchemes)).not.toContain('bearerFormat');
  });

  it('gives every operation a summary, security, its path parameters and a 2xx schema', async () => {
    const operations = operationsOf(await served());
    expect(operations.length).toBeGreaterThan(40);
    const gaps = operations.flatMap(({ name, path, operation }) => {
      const found: string[] = [];
      if (!operation.summary) found.push(`${name}: no summary`);
      if (!operation.security || operation.security.length === 0) found.push(`${name}: no security`);
      for (const [, parameter] of path.matchAll(/\{(\w+)\}/g)) {
        const declared = (operation.parameters ?? []).some(
          (candidate) => 'in' in candidate && candidate.in === 'path' && candidate.name === parameter,
        );
        if (!declared) found.push(`${name}: path parameter ${parameter} undeclared`);
      }
      const success = Object.entries(operation.responses).filter(([code]) => code.startsWith('2'));
      const schemaed = success.some(([, response]) =>
        mediaOf(response as ResponseObject).some((media) => media.schema),
      );
      if (!schemaed) found.push(`${name}: no 2xx schema`);
      return found;
    });
    expect(gaps).toEqual([]);
  });

  it('documents the alerts routes: summary, schema, parameters, security', async () => {
    const paths = (await served()).paths;
    const list = paths['/v1/alerts']!.get!;
    const one = paths['/v1/alerts/{id}']!.get!;
    const acknowledge = paths['/v1/alerts/{id}/acknowledge']!.post!;
    for (const operation of [list, one, acknowledge]) {
      expect(operation.summary).toEqual(expect.any(String));
      expect(operation.security).toEqual([{ token: [] }]);
    }
    expect((list.parameters ?? []).map((parameter) => 'name' in parameter && parameter.name)).toEqual(
      expect.arrayContaining(['siteId', 'rule', 'status', 'severity', 'limit', 'cursor']),
    );
    expect(JSON.stringify((list.responses['200'] as ResponseObject).content)).toContain(
      '#/components/schemas/AlertPage',
    );
    expect(JSON.stringify((one.responses['200'] as ResponseObject).content)).toContain(
      '#/components/schemas/AlertView',
    );
    expect(Object.keys(acknowledge.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '404',
      '409',
      '429',
      '503',
    ]);
  });

  it('shows each error status its own example body, whose statusCode is that status', async () => {
    const wrong = operationsOf(await served()).flatMap(({ name, operation }) =>
      Object.entries(operation.responses)
        .filter(([code]) => Number(code) >= 400)
        .flatMap(([code, response]) => {
          const examples = mediaOf(response as ResponseObject).map(
            (media) => media.example as { statusCode?: number },
          );
          if (examples.length === 0 || examples.some((example) => example === undefined))
            return [`${name} ${code}: no example`];
          const isProblem = JSON.stringify((response as ResponseObject).content).includes('schemas/Problem');
          return examples
            .filter(
              (example) =>
                (isProblem || example.statusCode !== undefined) && example.statusCode !== Number(code),
            )
            .map((example) => `${name} ${code}: example says ${example.statusCode}`);
        }),
    );
    expect(wrong).toEqual([]);
  });

  it('marks only routes that really need no token as public, and they answer without one', async () => {
    const open = operationsOf(await served()).filter(({ operation }) =>
      (operation.security ?? []).some((requirement) => Object.keys(requirement).length === 0),
    );
    expect(open.map(({ name }) => name).sort()).toEqual([
      'GET /health',
      'GET /health/live',
      'GET /metrics',
      'GET /v1/passport-keys',
    ]);
    for (const { path } of open) expect((await fetch(`${api.url}${path}`)).status).not.toBe(401);
  });

  it('matches the dashboard’s committed generated types (npm run api:types writes them)', async () => {
    const committed = await readFile(API_SCHEMA_FILE, 'utf8');
    // Stale: run `npm run api:types` and commit apps/api/web/src/api-schema.d.ts.
    expect(await renderApiTypes(await served())).toBe(committed);
  });
});
