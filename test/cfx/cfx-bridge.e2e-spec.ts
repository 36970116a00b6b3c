import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CFX_MESSAGES } from '#contracts';
import {
  cfxEnvelope,
  faultOccurred,
  materialsInstalled,
  unitsTested,
  validateUnitsRequest,
  workStarted,
} from '../../libs/contracts/src/cfx/testing/cfx-messages.js';
import { expectEventually } from '../support/expect-eventually.js';
import { CFX_STATIONS, CfxLine } from './cfx-line.js';

// IPC-CFX equipment through the real line: messages written from the specification's shapes are published to
// the machine's RabbitMQ over AMQP 1.0, the bridge maps them to station events on Kafka, the tracker applies
// them, and the api shows the racks. What cannot be published is found in cfx_message_record.

describe('CFX bridge: CFX equipment over AMQP 1.0 drives the tracker', () => {
  const line = new CfxLine();

  beforeAll(() => line.start());
  afterAll(() => line.stop());

  /** WorkStarted and WorkCompleted at assembly: the rack waits for burn-in. */
  async function assembled(serial: string): Promise<void> {
    await line.send(CFX_MESSAGES.workStarted, CFX_STATIONS.assembly, workStarted(serial));
    await line.send(CFX_MESSAGES.workCompleted, CFX_STATIONS.assembly, {
      ...workStarted(serial),
      Result: 'Completed',
    });
  }

  it('applies a UnitsTested with measurements and limits as a pass with its measurements', async () => {
    await assembled('RK-CFX-T1');
    await line.send(CFX_MESSAGES.workStarted, CFX_STATIONS.burn_in, workStarted('RK-CFX-T1'));
    await line.send(
      CFX_MESSAGES.unitsTested,
      CFX_STATIONS.burn_in,
      unitsTested('RK-CFX-T1', 'Passed', {
        name: 'R21',
        value: 28300,
        units: 'Ohm',
        expectedUnits: 'kOhm',
        min: 28,
        max: 28.4,
      }),
    );
    const rack = await line.rackWhen('RK-CFX-T1', (detail) =>
      expect(detail.state).toMatchObject({ stage: 'burn_in', status: 'passed' }),
    );
    expect(rack.measurements).toEqual([
      expect.objectContaining({
        stage: 'burn_in',
        name: 'R21',
        value: 28.3,
        unit: 'kOhm',
        low: 28,
        high: 28.4,
        withinLimits: true,
      }),
    ]);
    expect(rack.history.map((entry) => [entry.stationId, entry.eventType])).toEqual([
      [CFX_STATIONS.assembly, 'started'],
      [CFX_STATIONS.assembly, 'completed'],
      [CFX_STATIONS.burn_in, 'started'],
      [CFX_STATIONS.burn_in, 'passed'],
    ]);
  });

  it('applies a failed test with its failure codes, which the disposition table then rules on', async () => {
    await assembled('RK-CFX-T2');
    await line.send(CFX_MESSAGES.workStarted, CFX_STATIONS.burn_in, workStarted('RK-CFX-T2'));
    await line.send(
      CFX_MESSAGES.unitsTested,
      CFX_STATIONS.burn_in,
      unitsTested('RK-CFX-T2', 'Failed', {
        name: 'V12',
        value: 11.2,
        units: 'V',
        expectedUnits: 'V',
        min: 11.4,
        max: 12.6,
      }),
    );
    // A CFX symptom code is no code the shipped disposition table knows: engineering hold, as for any unknown code.
    const rack = await line.rackWhen('RK-CFX-T2', (detail) => expect(detail.failures).toHaveLength(1));
    expect(rack.state).toMatchObject({
      stage: 'burn_in',
      status: 'on_hold',
      holdReason: { reasonCode: 'mrb' },
    });
    expect(rack.dispositions).toEqual([
      expect.objectContaining({ code: 'CFX-RESFAIL2', action: 'engineering_hold' }),
    ]);
    expect(rack.failures[0]?.codes).toEqual([
      expect.objectContaining({ code: 'CFX-RESFAIL2', message: '12 V rail below tolerance' }),
    ]);
  });

  it('installs the InstalledComponents of a MaterialsInstalled into the rack', async () => {
    await line.send(CFX_MESSAGES.workStarted, CFX_STATIONS.assembly, workStarted('RK-CFX-M1'));
    await line.send(
      CFX_MESSAGES.materialsInstalled,
      CFX_STATIONS.assembly,
      materialsInstalled('RK-CFX-M1', [
        {
          serial: 'GPU-CFX-5512',
          partNumber: 'GPU-B200',
          designator: 'GPU5',
          vendor: 'sup-tw-02',
          batch: 'W47-A',
        },
        {
          serial: 'CT-CFX-88123',
          partNumber: 'CT-GB-1U',
          designator: 'CT01',
          vendor: 'sup-tx-01',
          batch: 'L2611-04',
        },
      ]),
    );
    const rack = await line.rackWhen('RK-CFX-M1', (detail) => expect(detail.components.tree).toHaveLength(2));
    expect(
      rack.components.tree.map(({ serial, kind, supplierId, lot }) => ({ serial, kind, supplierId, lot })),
    ).toEqual(
      expect.arrayContaining([
        { serial: 'GPU-CFX-5512', kind: 'gpu', supplierId: 'sup-tw-02', lot: 'W47-A' },
        { serial: 'CT-CFX-88123', kind: 'compute_tray', supplierId: 'sup-tx-01', lot: 'L2611-04' },
      ]),
    );
  });

  it('holds the rack a FaultOccurred names, and records a fault that names none', async () => {
    await assembled('RK-CFX-F1');
    await line.send(CFX_MESSAGES.workStarted, CFX_STATIONS.burn_in, workStarted('RK-CFX-F1'));
    const onUnit = await line.send(
      CFX_MESSAGES.faultOccurred,
      CFX_STATIONS.burn_in,
      faultOccurred('RK-CFX-F1'),
    );
    const rack = await line.rackWhen('RK-CFX-F1', (detail) => expect(detail.state?.status).toBe('on_hold'));
    expect(rack.state?.holdReason).toEqual({
      reasonCode: 'equipment_fault',
      reason: 'equipment fault MechanicalFailure CHILLER-TRIP: coolant loop 3 pressure lost',
    });
    const general = await line.send(CFX_MESSAGES.faultOccurred, CFX_STATIONS.burn_in, faultOccurred());
    const records = await expectEventually(async () => {
      const rows = await line.recordsWhere('kind = $1 AND unique_id = ANY($2)', [
        'fault',
        [onUnit.UniqueID, general.UniqueID],
      ]);
      expect(rows).toHaveLength(2);
      return rows;
    });
    expect(records.map((row) => row.reason)).toEqual([
      expect.stringContaining('unit RK-CFX-F1 put on hold'),
      expect.stringContaining('names no unit: recorded only'),
    ]);
  });

  it('applies a redelivered message once', async () => {
    const started = await line.send(
      CFX_MESSAGES.workStarted,
      CFX_STATIONS.assembly,
      workStarted('RK-CFX-R1'),
    );
    // The same message again, as a broker redelivers it after a lost acknowledgement: the same UniqueID.
    await line.amqp.send(line.queue, Buffer.from(JSON.stringify(started)));
    await line.send(CFX_MESSAGES.workCompleted, CFX_STATIONS.assembly, {
      ...workStarted('RK-CFX-R1'),
      Result: 'Completed',
    });
    // The queue and the rack's partition keep order: once the completion is applied, the redelivery was handled.
    const rack = await line.rackWhen('RK-CFX-R1', (detail) => expect(detail.state?.status).toBe('passed'));
    expect(rack.history.map((entry) => entry.eventType)).toEqual(['started', 'completed']);
    expect(rack.rejections).toEqual([]);
  });

  it('records an unknown message and a message from an unregistered source, with the reason and the body', async () => {
    const unknown = await line.send('CFX.Production.Application.MaterialsApplied', CFX_STATIONS.assembly, {
      x: 1,
    });
    const stranger = await line.send(
      CFX_MESSAGES.workStarted,
      'CFX.NOT.REGISTERED',
      workStarted('RK-CFX-U1'),
    );
    const rows = await expectEventually(async () => {
      const found = await line.recordsWhere('unique_id = ANY($1)', [[unknown.UniqueID, stranger.UniqueID]]);
      expect(found).toHaveLength(2);
      return found;
    });
    expect(rows.map(({ kind, reason, message_name }) => ({ kind, reason, message_name }))).toEqual([
      {
        kind: 'unmapped',
        reason: 'no mapping for CFX.Production.Application.MaterialsApplied',
        message_name: 'CFX.Production.Application.MaterialsApplied',
      },
      {
        kind: 'unmapped',
        reason: expect.stringContaining('Source CFX.NOT.REGISTERED is not a registered station'),
        message_name: CFX_MESSAGES.workStarted,
      },
    ]);
    expect(JSON.parse(rows[0]!.raw.toString('utf8'))).toEqual(unknown);
  });

  it('records malformed messages byte for byte: not UTF-8, not JSON, and NUL or lone surrogates inside', async () => {
    const marker = randomUUID();
    const bodies = [
      Buffer.concat([
        Buffer.from(`{"MessageName":"${marker}-a","x":"`),
        Buffer.from([0xc3, 0x28, 0x00, 0xff]),
        Buffer.from('"}'),
      ]),
      Buffer.from(`{"MessageName":"${marker}-b",`),
      Buffer.from(
        JSON.stringify({ MessageName: `${marker}-c`, UniqueID: '\u0000', Source: '\ud800', MessageBody: {} }),
      ),
    ];
    for (const body of bodies) await line.sendRaw(body);
    const rows = await expectEventually(async () => {
      const found = await line.recordsWhere("kind = 'malformed' AND position($1::bytea IN raw) > 0", [
        Buffer.from(marker),
      ]);
      expect(found).toHaveLength(3);
      return found;
    });
    expect(rows.map((row) => row.raw)).toEqual(bodies);
    expect(rows.map((row) => row.reason)).toEqual([
      'the message body is not valid UTF-8',
      'the message body is not JSON',
      expect.stringContaining('the envelope lacks UniqueID, Source, TimeStamp'),
    ]);
  });

  it('answers a ValidateUnitsRequest on its reply-to from the interlock', async () => {
    await line.send(CFX_MESSAGES.workStarted, CFX_STATIONS.assembly, workStarted('RK-CFX-V1'));
    await line.rackWhen('RK-CFX-V1', (detail) => expect(detail.state?.status).toBe('in_progress'));
    const replyTo = `/queue/cfx-replies-${randomUUID().slice(0, 8)}`;
    const ask = async (unit: string) => {
      const request = validateUnitsRequest(unit);
      const envelope = cfxEnvelope(CFX_MESSAGES.validateUnitsRequest, CFX_STATIONS.burn_in, request);
      const reply = line.amqp.receiveOne(replyTo, 20_000);
      await line.amqp.send(line.queue, Buffer.from(JSON.stringify(envelope)), {
        replyTo,
        messageId: String(envelope.UniqueID),
      });
      const received = await reply;
      return {
        envelope,
        received,
        response: JSON.parse(received.body.toString('utf8')) as Record<string, unknown>,
      };
    };

    const refused = await ask('RK-CFX-V1');
    expect(refused.received.correlationId).toBe(refused.envelope.UniqueID);
    expect(refused.response).toMatchObject({
      MessageName: CFX_MESSAGES.validateUnitsResponse,
      RequestID: refused.envelope.UniqueID,
      Target: CFX_STATIONS.burn_in,
      MessageBody: {
        Result: { Result: 'Success' },
        PrimaryResult: { UniqueIdentifier: 'RK-CFX-V1', Result: 'Failed', FailureCode: 1 },
        Results: [
          {
            UniqueIdentifier: 'RK-CFX-V1',
            Result: 'Failed',
            Message: expect.stringContaining(
              'illegal_transition: started at burn_in needs (assembly, passed)',
            ),
          },
        ],
      },
    });

    await line.send(CFX_MESSAGES.workCompleted, CFX_STATIONS.assembly, {
      ...workStarted('RK-CFX-V1'),
      Result: 'Completed',
    });
    await line.rackWhen('RK-CFX-V1', (detail) => expect(detail.state?.status).toBe('passed'));
    const cleared = await ask('RK-CFX-V1');
    expect(cleared.response.MessageBody).toMatchObject({
      PrimaryResult: { Result: 'Passed', FailureCode: 0 },
      Results: [
        {
          UniqueIdentifier: 'RK-CFX-V1',
          Result: 'Passed',
          Message: expect.stringContaining('OK (state as of'),
        },
      ],
    });
  });
});
