import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import type { RackDetailView } from '../../apps/api/src/racks/rack.view.js';
import { AmqpClient } from '#messaging';
import { cfxEnvelope } from '../../libs/contracts/src/cfx/testing/cfx-messages.js';
import { issueToken, jsonClient, type JsonClient } from '../api/api-fixtures.js';
import { registerStation } from '../ingest/ingest-client.js';
import { expectEventually } from '../support/expect-eventually.js';
import { startService, type RunningService } from '../support/service-process.js';
import { createTestDatabase, createTestTopics, type TestDatabase } from '../support/stack.js';

export const AMQP_URL = process.env.CFX_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** One CFX station per stage of the default route, as a line's equipment would be registered. */
export const CFX_STATIONS = {
  assembly: 'CFX.LINE1.ASSY01',
  burn_in: 'CFX.LINE1.BURNIN01',
  qa: 'CFX.LINE1.ICT01',
} as const;

export interface CfxRecordRow {
  kind: string;
  reason: string;
  message_name: string | null;
  unique_id: string | null;
  source: string | null;
  raw: Buffer;
  raw_bytes: number;
}

/**
 * A real line with CFX equipment: the machine's RabbitMQ (AMQP 1.0), the bridge, Kafka, the tracker and the api
 * on the suite's own database, topics and queue; CFX stations registered through ingest.
 */
export class CfxLine {
  database!: TestDatabase;
  amqp!: AmqpClient;
  manager!: JsonClient;
  readonly queue = `/queue/cfx-test-${randomUUID().slice(0, 8)}`;
  ingestUrl!: string;
  apiUrl!: string;
  private readonly services: RunningService[] = [];

  async start(): Promise<void> {
    const prefix = await createTestTopics();
    this.database = await createTestDatabase('cfx');
    const env = { DATABASE_URL: this.database.url, KAFKA_TOPIC_PREFIX: prefix };
    const [ingest, tracker, api, bridge] = await Promise.all([
      startService('ingest', env),
      startService('tracker', env),
      startService('api', env),
      startService('cfx-bridge', { ...env, CFX_AMQP_URL: AMQP_URL, CFX_AMQP_ADDRESS: this.queue }),
    ]);
    this.services.push(ingest!, tracker!, api!, bridge!);
    this.ingestUrl = ingest!.url;
    this.apiUrl = api!.url;
    for (const [stage, stationId] of Object.entries(CFX_STATIONS))
      await registerStation(ingest!.url, { stationId, stage });
    this.manager = jsonClient(api!.url, (await issueToken(api!.url, 'manager')).token);
    this.amqp = await AmqpClient.connect(AMQP_URL, `cfx-suite-${randomUUID().slice(0, 8)}`);
  }

  async stop(): Promise<void> {
    await this.amqp?.close();
    await Promise.all(this.services.map((service) => service.stop()));
    await this.database?.drop();
  }

  /** Sends one CFX message from `source` and answers the envelope sent (for its UniqueID). */
  async send(
    messageName: string,
    source: string,
    body: Record<string, unknown>,
    overrides: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const envelope = cfxEnvelope(messageName, source, body, overrides);
    await this.amqp.send(this.queue, Buffer.from(JSON.stringify(envelope)));
    return envelope;
  }

  sendRaw(bytes: Buffer): Promise<void> {
    return this.amqp.send(this.queue, bytes);
  }

  /** The rack once `ready` holds for it, read from the api. */
  rackWhen(serial: string, ready: (rack: RackDetailView) => void): Promise<RackDetailView> {
    return expectEventually(async () => {
      const response = await this.manager.get<RackDetailView>(`/v1/racks/${serial}`);
      expect(response.status).toBe(200);
      ready(response.body);
      return response.body;
    });
  }

  recordsWhere(condition: string, params: unknown[]): Promise<CfxRecordRow[]> {
    return this.database.query<CfxRecordRow>(
      `SELECT * FROM cfx_message_record WHERE ${condition} ORDER BY id`,
      params,
    );
  }
}
