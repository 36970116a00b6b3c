import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  buildValidateUnitsResponse,
  encodeStationEventMessage,
  mapCfxMessage,
  parseCfxEnvelope,
  STATION_EVENT_SCHEMA_VERSION,
  stationEventContentHash,
  type CfxEnvelope,
  type CfxFault,
  type CfxUnitVerdict,
  type StationEventDto,
  type StationStamp,
} from '#contracts';
import { decideClearance, RackStateMachine } from '#domain';
import type { AmqpOutcome, ReceivedAmqpMessage } from '#messaging';
import { readClearanceFacts, UnitOfWork, type CfxRecordKind } from '#persistence';
import { Clock } from '#platform';
import { CfxBridgeConfig } from '../cfx-bridge.config.js';
import { CfxBridgeMetrics } from '../common/cfx-bridge.metrics.js';
import { CfxStationDirectory } from '../common/cfx-station.directory.js';
import { CfxStationEventPublisher } from '../common/station-event.publisher.js';

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 10_000;

/** Where the sending side can send a request's answer; a reply-to the broker cannot route is not one. */
export interface CfxReplySender {
  send(
    address: string,
    body: string,
    properties: { correlationId?: string | null; subject?: string },
  ): Promise<void>;
}

/**
 * One CFX message, start to end: parse the envelope, find its Source's station, map it (libs/contracts), and
 * publish the events to Kafka, record what cannot be published, or answer a ValidateUnitsRequest from the
 * interlock. Answers `accept` once the outcome is durable (Kafka acknowledged, or the record committed); while
 * Kafka or PostgreSQL is away it waits and tries again, and answers `release` only when the bridge stops.
 */
@Injectable()
export class ConsumeCfxMessageUseCase {
  private readonly logger = new Logger(ConsumeCfxMessageUseCase.name);
  private stopping = false;

  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(CfxStationDirectory) private readonly stations: CfxStationDirectory,
    @Inject(CfxStationEventPublisher) private readonly publisher: CfxStationEventPublisher,
    @Inject(RackStateMachine) private readonly machine: RackStateMachine,
    @Inject(CfxBridgeMetrics) private readonly metrics: CfxBridgeMetrics,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CfxBridgeConfig) private readonly config: CfxBridgeConfig,
  ) {}

  stop(): void {
    this.stopping = true;
  }

  async execute(message: ReceivedAmqpMessage, replies: CfxReplySender): Promise<AmqpOutcome> {
    const parsed = parseCfxEnvelope(message.body);
    if (!parsed.ok) {
      const { reason, messageName, uniqueId, source } = parsed;
      return this.record('malformed', reason, { messageName, uniqueId, source }, message.body);
    }
    const { envelope } = parsed;
    const named = { messageName: envelope.messageName, uniqueId: envelope.uniqueId, source: envelope.source };
    const found = await this.durably('finding the station', () => this.stations.find(envelope.source));
    if (found === undefined) return 'release';
    const station = found.value;
    if (station === null)
      return this.record(
        'unmapped',
        `Source ${envelope.source} is not a registered station (register it with npm run station:add -- --station ${envelope.source} --stage <stage> ...)`,
        named,
        message.body,
      );

    const mapping = mapCfxMessage(envelope, station);
    switch (mapping.kind) {
      case 'unmapped':
        return this.record('unmapped', mapping.reason, named, message.body);
      case 'fault':
        return this.record('fault', describeFault(mapping.fault, false), named, message.body);
      case 'validate_units':
        return this.answerValidation(
          envelope,
          station,
          mapping.primaryIdentifier,
          mapping.units,
          message,
          replies,
        );
      case 'events': {
        if (mapping.fault !== undefined) {
          const recorded = await this.record(
            'fault',
            describeFault(mapping.fault, true),
            named,
            message.body,
          );
          if (recorded === 'release') return recorded;
        }
        return this.publish(mapping.events, station);
      }
    }
  }

  private async publish(events: StationEventDto[], station: StationStamp): Promise<AmqpOutcome> {
    const hashes = events.map(stationEventContentHash);
    // A redelivery whose events the tracker already applied need not go to Kafka again (the tracker would
    // count it a duplicate anyway); one still in flight goes again, and is counted a duplicate there.
    const known = await this.durably('checking for duplicates', () =>
      this.uow.eventLookup.findContentHashes(events.map((event) => event.eventId)),
    );
    if (known === undefined) return 'release';
    const fresh = events.flatMap((event, index) =>
      known.value.get(event.eventId) === hashes[index] ? [] : [{ event, contentHash: hashes[index] }],
    );
    if (fresh.length === 0) {
      this.metrics.count('duplicate');
      return 'accept';
    }
    const receivedAt = this.clock.now().toISOString();
    const correlationId = randomUUID();
    const messages = fresh.map(({ event, contentHash }) =>
      encodeStationEventMessage(
        { schemaVersion: STATION_EVENT_SCHEMA_VERSION, event, station, receivedAt, contentHash },
        correlationId,
      ),
    );
    const sent = await this.durably('publishing to Kafka', () => this.publisher.publish(messages));
    if (sent === undefined) return 'release';
    this.metrics.count('published');
    this.metrics.events.inc(fresh.length);
    return 'accept';
  }

  private async answerValidation(
    request: CfxEnvelope,
    station: StationStamp,
    primaryIdentifier: string | null,
    units: readonly string[],
    message: ReceivedAmqpMessage,
    replies: CfxReplySender,
  ): Promise<AmqpOutcome> {
    const named = { messageName: request.messageName, uniqueId: request.uniqueId, source: request.source };
    if (message.replyTo === null)
      return this.record(
        'unmapped',
        'ValidateUnitsRequest without a reply-to address: nowhere to answer',
        named,
        message.body,
      );
    const read = await this.durably('reading the applied state', () => this.verdicts(station, units));
    if (read === undefined) return 'release';
    const verdicts = read.value;
    const response = buildValidateUnitsResponse(
      request,
      primaryIdentifier,
      verdicts,
      this.config.CFX_BRIDGE_HANDLE,
      this.clock.now(),
    );
    try {
      await replies.send(message.replyTo, JSON.stringify(response), {
        correlationId: message.messageId ?? request.uniqueId,
        subject: String(response.MessageName),
      });
    } catch (error) {
      // The requester has gone or its address does not route: an answer nobody can take is recorded instead.
      return this.record(
        'unmapped',
        `the ValidateUnitsResponse could not be sent: ${String(error)}`,
        named,
        message.body,
      );
    }
    this.metrics.count('validated');
    return 'accept';
  }

  /** The interlock's verdict on `started` at the station for each unit, as GET /v1/clearance gives it. */
  private async verdicts(station: StationStamp, units: readonly string[]): Promise<CfxUnitVerdict[]> {
    const now = this.clock.now();
    const verdicts: CfxUnitVerdict[] = [];
    for (const unit of units) {
      const facts = await readClearanceFacts(this.uow.pool, {
        rackSerial: unit,
        stationSiteId: station.siteId,
      });
      const verdict = decideClearance(
        this.machine,
        { rackSerial: unit, type: 'started', station, now },
        facts,
      );
      const asOf = facts.stored?.state.lastEventAt;
      const age = asOf === undefined ? 'no state applied yet' : `state as of ${asOf.toISOString()}`;
      verdicts.push({
        unit,
        cleared: verdict.cleared,
        message: verdict.cleared
          ? `OK (${age}; advice: the tracker decides on the event)`
          : `${verdict.reason}: ${verdict.detail} (${age})`,
      });
    }
    return verdicts;
  }

  private async record(
    kind: CfxRecordKind,
    reason: string,
    named: { messageName: string | null; uniqueId: string | null; source: string | null },
    raw: Buffer,
  ): Promise<AmqpOutcome> {
    const done = await this.durably('recording the message', () =>
      this.uow.pool.cfxMessageRecords.record({ kind, reason: storableReason(reason), ...named, raw }),
    );
    if (done === undefined) return 'release';
    this.metrics.count(kind);
    this.logger.log({
      msg: 'CFX message recorded, not published',
      kind,
      reason: storableReason(reason).slice(0, 300),
      ...named,
    });
    return 'accept';
  }

  /**
   * Runs `work` until it succeeds, with backoff; undefined only when the bridge stops meanwhile. A message is
   * never settled before its outcome is durable, and never dropped because a dependency was briefly away.
   */
  private async durably<T>(what: string, work: () => Promise<T>): Promise<{ value: T } | undefined> {
    let delayMs = FIRST_RETRY_MS;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return { value: await work() };
      } catch (error) {
        if (this.stopping) return undefined;
        this.logger.warn({
          msg: `CFX bridge: ${what} failed; retrying`,
          attempt,
          retryInMs: delayMs,
          error: String(error),
        });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (this.stopping) return undefined;
        delayMs = Math.min(delayMs * 2, MAX_RETRY_MS);
      }
    }
  }
}

function describeFault(fault: CfxFault, held: boolean): string {
  const what = [fault.cause, fault.severity, fault.faultCode].filter(Boolean).join(' ');
  const on =
    fault.unit === null ? 'names no unit: recorded only' : held ? `unit ${fault.unit} put on hold` : '';
  return [`fault ${what}`.trim(), fault.description, on].filter(Boolean).join('; ');
}

/** The reason as PostgreSQL text: whatever a message smuggled into it (NUL, a lone surrogate) is replaced. */
function storableReason(reason: string): string {
  return reason
    .replaceAll('\u0000', '\\u0000')
    .replace(/\p{Cs}/gu, '\ufffd')
    .slice(0, 2000);
}
