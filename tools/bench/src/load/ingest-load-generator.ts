// The load generator for ingest, in its own process so it never shares an event loop with the service it
// measures: autocannon at a fixed number of connections, every request a new event (new id, new rack).
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import autocannon from 'autocannon';

interface LoadSpec {
  url: string;
  token: string;
  stationId: string;
  stage: string;
  /** 1 posts to /v1/events, more posts batches of this size to /v1/events/batch. */
  batchSize: number;
  connections: number;
  seconds: number;
  resultFile: string;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;

function event(): Record<string, string> {
  return {
    eventId: randomUUID(),
    rackSerial: `RK-LOAD-${randomUUID().slice(0, 13)}`,
    stationId: spec.stationId,
    stage: spec.stage,
    type: 'started',
    occurredAt: new Date(Date.now() - 1000).toISOString(),
    operatorId: 'op-load-1',
  };
}

console.log(
  JSON.stringify({ msg: 'load generator running', batchSize: spec.batchSize, connections: spec.connections }),
);
const single = spec.batchSize === 1;
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.seconds,
  timeout: 30,
  requests: [
    {
      method: 'POST',
      path: single ? '/v1/events' : '/v1/events/batch',
      headers: { authorization: `Bearer ${spec.token}`, 'content-type': 'application/json' },
      setupRequest: (request) => ({
        ...request,
        body: JSON.stringify(single ? event() : { events: Array.from({ length: spec.batchSize }, event) }),
      }),
    },
  ],
});
writeFileSync(
  spec.resultFile,
  JSON.stringify({
    requests: result.requests.total,
    seconds: result.duration,
    requestsPerSecond: result.requests.total / result.duration,
    latencyMs: {
      p50: result.latency.p50,
      p99: result.latency.p99,
      p99_9: result.latency.p99_9,
      max: result.latency.max,
      average: result.latency.average,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, stats]) => [code, Number(stats.count)]),
    ),
  }),
);
console.log(JSON.stringify({ msg: 'load generator done' }));
