import { randomUUID } from 'node:crypto';
import { TOPICS, type RackTransitionMessage } from '#contracts';
import { ADMIN_TOKEN, testKafka, type TestDatabase } from '../support/stack.js';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
}

/** A JSON request with the admin token, as an administrator's script would send it. */
export async function adminRequest<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<HttpAnswer<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
}

/**
 * A UTC week that began `days` days ago at midnight, every hour a production hour: with no racks shipped,
 * between days×1/7 and (days+1)×1/7 of the target is expected by now, whatever the time of the run.
 */
export function weekStartedDaysAgo(days: number): string {
  return WEEKDAYS[new Date(Date.now() - days * 86_400_000).getUTCDay()];
}

/** Every rule but behind plan off, without grace, so one breach makes exactly one alert at once. */
export const BEHIND_PLAN_ONLY = {
  behindPlan: { graceMinutes: 0 },
  projectedMiss: { enabled: false },
  stageStarvation: { enabled: false },
  stuckRack: { enabled: false },
  yieldDrop: { enabled: false },
};

/** Shipped racks completed a minute ago, written as the tracker would have left them. */
export async function seedShippedRacks(
  database: TestDatabase,
  siteId: string,
  count: number,
  prefix: string,
): Promise<void> {
  await database.query(
    `INSERT INTO rack (serial, model, site_id, line_id, route, required_slots, stage, status, slot_counts, started_at,
                       state_entered_at, last_event_at, completed_at)
     SELECT $3 || '-' || lpad(n::text, 6, '0'), 'default', $1, 'line-1', ARRAY['assembly','burn_in','qa','ship'], '{}'::jsonb,
            'ship', 'shipped', '{}'::jsonb, now() - interval '1 day', now() - interval '1 minute', now() - interval '1 minute',
            now() - interval '1 minute'
       FROM generate_series(1, $2) AS n`,
    [siteId, count, prefix],
  );
}

/** What the tracker publishes for an accepted transition; the alerts service only needs to hear that one came. */
export async function publishTransition(
  topicPrefix: string,
  siteId: string,
  rackSerial: string,
): Promise<void> {
  const message: RackTransitionMessage = {
    schemaVersion: 1,
    eventId: randomUUID(),
    rackSerial,
    model: 'default',
    siteId,
    lineId: 'line-1',
    stationId: 'SHIP-01',
    eventType: 'passed',
    stage: 'ship',
    from: { stage: 'ship', status: 'in_progress' },
    to: { stage: 'ship', status: 'shipped' },
    occurredAt: new Date().toISOString(),
    reworkCount: 0,
  };
  const producer = testKafka().producer();
  await producer.connect();
  try {
    await producer.send({
      topic: `${topicPrefix}${TOPICS.rackTransitions.name}`,
      acks: -1,
      messages: [{ key: rackSerial, value: JSON.stringify(message) }],
    });
  } finally {
    await producer.disconnect();
  }
}

/** Sum of a Prometheus counter over the given services' /metrics, for the samples whose labels contain `labels`. */
export async function counterTotal(urls: readonly string[], name: string, labels: string): Promise<number> {
  let total = 0;
  for (const url of urls) {
    const text = await (await fetch(`${url}/metrics`)).text();
    for (const line of text.split('\n')) {
      if (line.startsWith(`${name}{`) && line.includes(labels))
        total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}

/** Only the lot-escape rule, judging lots of a handful of parts, so a test can make one escape with a dozen racks. */
export const LOT_ESCAPE_ONLY = {
  behindPlan: { enabled: false },
  projectedMiss: { enabled: false },
  stageStarvation: { enabled: false },
  stuckRack: { enabled: false },
  yieldDrop: { enabled: false },
  burnInCapacity: { enabled: false },
  idlePositions: { enabled: false },
  dwellOverrun: { enabled: false },
  lotEscape: { minInstalls: 4, minFailures: 2, factor: 3, baselineFloorPerThousand: 5 },
};
