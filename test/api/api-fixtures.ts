import { randomUUID } from 'node:crypto';
import { beforeAll } from '@jest/globals';
import { ADMIN_TOKEN, type TestDatabase } from '../support/stack.js';
import type { RunningService } from '../support/service-process.js';
import { lateBound, serviceSuite, type SuiteOptions } from '../support/suite.js';

/** Rows as the tracker would have written them, seeded straight into a suite's database. */
export interface SeededRack {
  serial: string;
  model?: string;
  siteId?: string;
  lineId?: string;
  route?: string[];
  requiredSlots?: Record<string, number>;
  stage?: string;
  status?: string;
  held?: { stage: string; status: string } | null;
  reworkCount?: number;
  failureCount?: number;
  slotCounts?: Record<string, number>;
  startedAt?: string;
  stateEnteredAt?: string;
  lastEventAt?: string;
  completedAt?: string | null;
}

export async function seedRacks(database: TestDatabase, racks: readonly SeededRack[]): Promise<void> {
  for (const rack of racks) {
    const startedAt = rack.startedAt ?? '2026-11-23T08:00:00.000Z';
    await database.query(
      `INSERT INTO rack (serial, model, site_id, line_id, route, required_slots, stage, status, held_stage, held_status,
                         rework_count, failure_count, slot_counts, started_at, state_entered_at, last_event_at, completed_at)
       VALUES ($1, $2, $3, $4, $5::text[], $6::jsonb, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15, $16, $17)`,
      [
        rack.serial,
        rack.model ?? 'default',
        rack.siteId ?? 'site-a',
        rack.lineId ?? 'line-1',
        rack.route ?? ['assembly', 'burn_in', 'qa', 'ship'],
        JSON.stringify(rack.requiredSlots ?? {}),
        rack.stage ?? 'assembly',
        rack.status ?? 'in_progress',
        rack.held?.stage ?? null,
        rack.held?.status ?? null,
        rack.reworkCount ?? 0,
        rack.failureCount ?? 0,
        JSON.stringify(rack.slotCounts ?? {}),
        startedAt,
        rack.stateEnteredAt ?? startedAt,
        rack.lastEventAt ?? startedAt,
        rack.completedAt ?? null,
      ],
    );
  }
}

export interface SeededTransition {
  rackSerial: string;
  eventType: string;
  stage: string;
  from: { stage: string; status: string } | null;
  to: { stage: string; status: string };
  occurredAt: string;
  stationId?: string;
  eventId?: string;
}

/** Inserted in the order given, so ids (and the API's history order) follow it. */
export async function seedTransitions(
  database: TestDatabase,
  transitions: readonly SeededTransition[],
): Promise<string[]> {
  const eventIds: string[] = [];
  for (const transition of transitions) {
    const eventId = transition.eventId ?? randomUUID();
    eventIds.push(eventId);
    await database.query(
      `INSERT INTO rack_transition (rack_serial, event_id, event_type, stage, from_stage, from_status, to_stage, to_status,
                                    station_id, site_id, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'site-a', $10)`,
      [
        transition.rackSerial,
        eventId,
        transition.eventType,
        transition.stage,
        transition.from?.stage ?? null,
        transition.from?.status ?? null,
        transition.to.stage,
        transition.to.status,
        transition.stationId ?? `${transition.stage.toUpperCase()}-01`,
        transition.occurredAt,
      ],
    );
  }
  return eventIds;
}

export interface SeededRejection {
  rackSerial: string | null;
  reason: string;
  detail?: string;
  stationId?: string | null;
  eventId?: string | null;
  /** Defaults to a station-events envelope around a minimal event. */
  payload?: unknown;
}

let nextOffset = 0;

/** Inserted in the order given; returns the ids the database assigned. */
export async function seedRejections(
  database: TestDatabase,
  rejections: readonly SeededRejection[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const rejection of rejections) {
    const eventId = rejection.eventId === undefined ? randomUUID() : rejection.eventId;
    const stationId = rejection.stationId === undefined ? 'QA-01' : rejection.stationId;
    const payload = rejection.payload ?? {
      schemaVersion: 1,
      event: {
        eventId,
        rackSerial: rejection.rackSerial,
        stationId,
        stage: 'qa',
        type: 'passed',
        occurredAt: '2026-11-23T09:00:00.000Z',
      },
      station: { stationId, stage: 'qa', role: 'station', siteId: 'site-a', lineId: 'line-1' },
      receivedAt: '2026-11-23T09:00:00.010Z',
    };
    nextOffset += 1;
    const [row] = await database.query<{ id: string }>(
      `INSERT INTO rejection (event_id, rack_serial, station_id, reason, detail, payload, kafka_partition, kafka_offset)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, 0, $7) RETURNING id`,
      [
        eventId,
        rejection.rackSerial,
        stationId,
        rejection.reason,
        rejection.detail ?? `refused: ${rejection.reason}`,
        JSON.stringify(payload),
        nextOffset,
      ],
    );
    ids.push(row!.id);
  }
  return ids;
}

export interface JsonResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * A small JSON client for one running service. `defaultToken` goes with every call that names no token of
 * its own; pass `token: null` to call without one.
 */
export function jsonClient(baseUrl: string, defaultToken?: string) {
  async function call<T>(
    method: string,
    path: string,
    options: { body?: unknown; token?: string | null } = {},
  ): Promise<JsonResponse<T>> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const token = options.token === undefined ? defaultToken : options.token;
    if (token !== undefined && token !== null) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : null) as T,
    };
  }
  return {
    get: <T>(path: string, token?: string | null) => call<T>('GET', path, { token }),
    put: <T>(path: string, body: unknown, token?: string | null) => call<T>('PUT', path, { body, token }),
    post: <T>(path: string, body: unknown, token?: string | null) => call<T>('POST', path, { body, token }),
    delete: <T>(path: string, token?: string | null) => call<T>('DELETE', path, { token }),
  };
}

export type JsonClient = ReturnType<typeof jsonClient>;

/**
 * The api on a suite's own stack (see serviceSuite), with a client holding a manager's token issued through the
 * API, as a shift manager would get one, or, for holder `'admin-token'`, the configured ADMIN_TOKEN.
 */
export function apiSuite(
  databasePrefix: string,
  options: SuiteOptions & { holder?: 'manager' | 'admin-token' } = {},
): { database: TestDatabase; api: RunningService; client: JsonClient } {
  const { database, service: api } = serviceSuite('api', databasePrefix, options);
  let client: JsonClient | undefined;
  beforeAll(async () => {
    client = jsonClient(
      api.url,
      options.holder === 'admin-token' ? ADMIN_TOKEN : (await issueToken(api.url)).token,
    );
  });
  return { database, api, client: lateBound('the suite client', () => client) };
}

export interface IssuedToken {
  id: string;
  name: string;
  role: 'manager' | 'admin';
  token: string;
}

/** Issues a manager (or admin) token through the API itself, as an admin holding ADMIN_TOKEN would. */
export async function issueToken(
  baseUrl: string,
  role: 'manager' | 'admin' = 'manager',
  name = `${role} for tests`,
): Promise<IssuedToken> {
  const response = await jsonClient(baseUrl, ADMIN_TOKEN).post<IssuedToken>('/v1/tokens', { name, role });
  if (response.status !== 201)
    throw new Error(`issuing a ${role} token failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Follows nextCursor from the first page to the last, returning every page's serials or ids in order. */
export async function collectPages<T>(
  fetchPage: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>,
  maxPages = 100,
): Promise<{ pages: T[][]; items: T[] }> {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const page: { items: T[]; nextCursor: string | null } = await fetchPage(cursor);
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length < maxPages);
  if (cursor !== null) throw new Error(`still paging after ${maxPages} pages`);
  return { pages, items: pages.flat() };
}
