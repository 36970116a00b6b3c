import { RACK_STATUSES, REJECTION_REASONS } from '#domain';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../pagination/keyset-page.js';

// Written by hand: the project carries no OpenAPI generator, and the enums below come from the same lists
// the validators use, so the document cannot drift from what the API accepts.

const position = {
  type: 'object',
  required: ['stage', 'status'],
  properties: { stage: { type: 'string' }, status: { type: 'string', enum: [...RACK_STATUSES] } },
};
const nullablePosition = { oneOf: [position, { type: 'null' }] };
const timestamp = { type: 'string', format: 'date-time' };
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' };
const counts = { type: 'object', additionalProperties: { type: 'integer' } };

const rackSummary = {
  type: 'object',
  properties: {
    serial: { type: 'string' },
    model: { type: 'string' },
    siteId: { type: 'string' },
    lineId: { type: 'string' },
    stage: { type: 'string' },
    status: { type: 'string', enum: [...RACK_STATUSES] },
    held: nullablePosition,
    reworkCount: { type: 'integer' },
    failureCount: { type: 'integer' },
    startedAt: timestamp,
    stateEnteredAt: timestamp,
    lastEventAt: timestamp,
    completedAt: nullableTimestamp,
  },
};

const rejection = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'bigint as a string' },
    eventId: { type: ['string', 'null'] },
    rackSerial: { type: ['string', 'null'] },
    reason: { type: 'string', enum: [...REJECTION_REASONS] },
    detail: { type: 'string' },
    stationId: { type: ['string', 'null'] },
    recordedAt: timestamp,
    event: { description: 'The refused event as posted (the whole consumed message when it was malformed).' },
  },
};

const route = {
  type: 'object',
  properties: {
    model: { type: 'string' },
    stages: { type: 'array', items: { type: 'string' } },
    requiredSlots: counts,
    builtIn: {
      type: 'boolean',
      description: 'true for the default route shipped with the code, served while none is stored',
    },
    updatedAt: nullableTimestamp,
  },
};

const problem = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, reason: { type: 'string' } } },
    },
  },
};

const page = (items: object) => ({
  type: 'object',
  properties: {
    items: { type: 'array', items },
    nextCursor: {
      type: ['string', 'null'],
      description: 'Pass as `cursor` for the next page; null on the last page.',
    },
  },
});

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const query = (name: string, schema: object, description?: string) => ({
  name,
  in: 'query',
  required: false,
  schema,
  description,
});
const paging = (order: string) => [
  query('limit', { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT }),
  query(
    'cursor',
    { type: 'string' },
    `Opaque; the previous page's nextCursor. Keyset-paged ${order}, so no row is repeated or skipped.`,
  ),
];
const badRequest = {
  description: 'A query or body field is invalid; `errors` names each one.',
  ...json(problem),
};

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Rack line tracker — read API',
    version: '1',
    description:
      'Where every rack is, what happened to it, and which events were refused. Routes per rack model can be ' +
      'changed by an admin; a route change affects only racks that start afterwards, because every rack keeps ' +
      'the route it started with.',
  },
  components: {
    securitySchemes: {
      adminToken: { type: 'http', scheme: 'bearer', description: 'The ADMIN_TOKEN of the api service.' },
    },
  },
  paths: {
    '/v1/racks': {
      get: {
        summary: 'List racks, filtered, in serial order',
        parameters: [
          query('stage', { type: 'string' }),
          query('status', { type: 'string', enum: [...RACK_STATUSES] }),
          query('site', { type: 'string' }),
          query('line', { type: 'string' }),
          query('model', { type: 'string' }),
          query('serialPrefix', { type: 'string' }),
          ...paging('by serial'),
        ],
        responses: { 200: { description: 'One page of racks', ...json(page(rackSummary)) }, 400: badRequest },
      },
    },
    '/v1/racks/{serial}': {
      get: {
        summary: "A rack's state, history (oldest first) and its latest 100 rejections",
        parameters: [{ name: 'serial', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: {
            description: '`state` is null when the rack never started but events for it were refused.',
            ...json({
              type: 'object',
              properties: {
                serial: { type: 'string' },
                state: {
                  oneOf: [
                    {
                      ...rackSummary,
                      properties: {
                        ...rackSummary.properties,
                        route: {
                          type: 'array',
                          items: { type: 'string' },
                          description: 'The route snapshotted at start',
                        },
                        requiredSlots: counts,
                        slotCounts: counts,
                      },
                    },
                    { type: 'null' },
                  ],
                },
                history: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      eventId: { type: 'string' },
                      eventType: { type: 'string' },
                      stage: { type: 'string' },
                      stationId: { type: 'string' },
                      from: nullablePosition,
                      to: position,
                      occurredAt: timestamp,
                      recordedAt: timestamp,
                    },
                  },
                },
                rejections: { type: 'array', items: rejection },
              },
            }),
          },
          404: { description: 'Neither a rack nor a rejected event with this serial', ...json(problem) },
        },
      },
    },
    '/v1/rejections': {
      get: {
        summary: 'Refused events, newest first',
        parameters: [
          query('reason', { type: 'string', enum: [...REJECTION_REASONS] }),
          query('rackSerial', { type: 'string' }),
          query('stationId', { type: 'string' }),
          ...paging('newest first'),
        ],
        responses: {
          200: { description: 'One page of rejections', ...json(page(rejection)) },
          400: badRequest,
        },
      },
    },
    '/v1/routes': {
      get: {
        summary: 'Every stored route, plus the built-in default while no `default` route is stored',
        responses: {
          200: {
            description: 'Routes by model',
            ...json({ type: 'object', properties: { items: { type: 'array', items: route } } }),
          },
        },
      },
    },
    '/v1/routes/{model}': {
      get: {
        summary: "A model's route (`default` falls back to the built-in default)",
        parameters: [{ name: 'model', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: { description: 'The route', ...json(route) },
          404: { description: 'No route stored for this model', ...json(problem) },
        },
      },
      put: {
        summary: "Create or replace a model's route (admin)",
        description:
          'Takes effect for racks that start after the change; racks already on the line keep the route they started with.',
        security: [{ adminToken: [] }],
        parameters: [{ name: 'model', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            required: ['stages'],
            properties: {
              stages: {
                type: 'array',
                items: { type: 'string' },
                examples: [['assembly', 'burn_in', 'qa', 'ship']],
              },
              requiredSlots: { ...counts, examples: [{ compute_tray: 18, switch_tray: 9 }] },
            },
          }),
        },
        responses: {
          200: { description: 'The stored route', ...json(route) },
          400: { description: 'The route is invalid; `errors` lists every problem.', ...json(problem) },
          401: { description: 'Missing or wrong admin token', ...json(problem) },
        },
      },
    },
  },
} as const;
