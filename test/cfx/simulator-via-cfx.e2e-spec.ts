import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RackDetailView } from '../../apps/api/src/racks/rack.view.js';
import { cfxEventId } from '#contracts';
import { CfxChannel, cfxMessageFor, defaultFactoryConfig, Simulation } from '#simulator';
import { ADMIN_TOKEN } from '../support/stack.js';
import { AMQP_URL, CfxLine } from './cfx-line.js';

// `npm run simulate -- --via cfx`: one line's terminals speak IPC-CFX over AMQP 1.0 through the bridge, the
// other posts to ingest, and every rack of both ends where the tracker's rules put it, with no refusal.

describe('simulator --via cfx: one line as CFX equipment, the other over HTTP', () => {
  const line = new CfxLine();
  let channel: CfxChannel;
  const ending = new AbortController();

  beforeAll(async () => {
    await line.start();
    channel = await CfxChannel.open({
      amqpUrl: AMQP_URL,
      address: line.queue,
      line: 'site-1/line-1',
      apiUrl: line.apiUrl,
      adminToken: ADMIN_TOKEN,
      signal: ending.signal,
    });
  });
  afterAll(async () => {
    ending.abort();
    await channel?.close();
    await line.stop();
  });

  it('applies the CFX line through the bridge and the HTTP line through ingest, in order per rack', async () => {
    const simulation = new Simulation({
      ingestUrl: line.ingestUrl,
      apiUrl: line.apiUrl,
      adminToken: ADMIN_TOKEN,
      config: defaultFactoryConfig(7),
      runId: 'cfx1',
      start: Date.now() - 12 * 3_600_000,
      pacing: { kind: 'max', window: 40 },
      maxBatch: 10,
      // Twelve hours of a 500-racks-a-week line pair hold about 150 floor events; 120 ends well before now.
      stop: { events: 120 },
      keepOutcomes: true,
      cfx: channel,
    });
    const report = await simulation.run();
    expect(report.stats.unexpectedRefusals).toBe(0);
    expect(channel.sent).toBeGreaterThan(20);

    // Every event CFX could say, from a line-1 terminal, reached the tracker as the bridge's event (UUIDv5 of
    // its UniqueID); every other event under its own id.
    const outcomes = report.outcomes;
    const bySerial = new Map<string, RackDetailView>();
    for (const outcome of outcomes) {
      const serial = outcome.sent.rackSerial;
      if (!bySerial.has(serial)) {
        const response = await line.manager.get<RackDetailView>(`/v1/racks/${serial}`);
        expect(response.status).toBe(200);
        bySerial.set(serial, response.body);
      }
    }
    let throughCfx = 0;
    for (const { sent, item } of outcomes) {
      const ids = [...bySerial.get(sent.rackSerial)!.history].map((entry) => entry.eventId);
      if (ids.includes(cfxEventId(sent.eventId))) {
        throughCfx += 1;
        // Only what a line-1 terminal's equipment could say in CFX went that way.
        expect(item.station.lineId).toBe('line-1');
        expect(cfxMessageFor(sent)).not.toBeNull();
      } else expect(ids).toContain(sent.eventId);
    }
    expect(throughCfx).toBe(channel.sent);
    expect([...bySerial.values()].flatMap((rack) => rack.rejections)).toEqual([]);
  });
});
