import { Logger } from '@nestjs/common';
import { RACK_TRANSITION_SCHEMA_VERSION, MESSAGE_HEADERS, type RackTransitionMessage } from '#contracts';
import type { RackStatus, StationEventType } from '#domain';
import type { OutboxEntry, OutboxStore, RelayPass } from '#messaging';
import type { RackTransitionRelayRepository, RelayedTransitionRow } from '#persistence';
import type { TrackerMetrics } from '../tracker.metrics.js';

/** The relay that publishes rack-transitions (an OutboxRelay over TransitionAnnouncements). */
export const TRANSITION_RELAY = Symbol('TRANSITION_RELAY');

export interface TransitionAnnouncementSettings {
  /** `rack-transitions` with the deployment's topic prefix. */
  topic: string;
  /** A hold longer than this is logged with the transaction that causes it. */
  holdWarnMs: number;
  now?: () => number;
}

/**
 * `rack-transitions` as the relay sees it: committed transition rows, turned into the announcement consumers
 * read. Watches the one way the relay can stall without failing — a transaction left open anywhere on the
 * server holds every later commit behind it — and names that transaction rather than stall silently.
 */
export class TransitionAnnouncements implements OutboxStore {
  private readonly logger = new Logger(TransitionAnnouncements.name);
  private heldSince: number | null = null;
  /** The transaction holding the relay, as last looked up (at each warning); null until then. */
  private holder: string | null = null;
  private lastWarnedAt = 0;

  constructor(
    private readonly relay: RackTransitionRelayRepository,
    private readonly metrics: TrackerMetrics,
    private readonly settings: TransitionAnnouncementSettings,
  ) {}

  async relayOldest(limit: number, publish: (entries: OutboxEntry[]) => Promise<void>): Promise<RelayPass> {
    const pass = await this.relay.relayNext(limit, (rows) => publish(rows.map((row) => this.entryOf(row))));
    this.metrics.transitionsRelayed.inc(pass.relayed);
    await this.watchHold(pass);
    return pass;
  }

  /** Since when committed transitions have waited behind an open transaction, and which; null when none do. */
  heldBack(): { since: Date; by: string | null } | null {
    return this.heldSince === null ? null : { since: new Date(this.heldSince), by: this.holder };
  }

  private entryOf(row: RelayedTransitionRow): OutboxEntry {
    const message: RackTransitionMessage = {
      schemaVersion: RACK_TRANSITION_SCHEMA_VERSION,
      eventId: row.eventId,
      rackSerial: row.rackSerial,
      // Every row since the relay moved onto rack_transition carries these; the fallbacks only type the columns.
      model: row.model ?? '',
      siteId: row.siteId,
      lineId: row.lineId ?? '',
      stationId: row.stationId,
      eventType: row.eventType as StationEventType,
      stage: row.stage,
      from: row.fromStage === null ? null : { stage: row.fromStage, status: row.fromStatus as RackStatus },
      to: { stage: row.toStage, status: row.toStatus as RackStatus },
      occurredAt: row.occurredAt,
      reworkCount: row.reworkCount ?? 0,
    };
    return {
      id: row.id,
      topic: this.settings.topic,
      message: {
        key: row.rackSerial,
        value: JSON.stringify(message),
        headers: row.correlationId ? { [MESSAGE_HEADERS.correlationId]: row.correlationId } : {},
      },
    };
  }

  private async watchHold(pass: RelayPass): Promise<void> {
    const now = (this.settings.now ?? Date.now)();
    if (!pass.heldBack) {
      this.heldSince = null;
      this.holder = null;
      this.metrics.transitionRelayHeldSeconds.set(0);
      return;
    }
    this.heldSince ??= now;
    const heldMs = now - this.heldSince;
    this.metrics.transitionRelayHeldSeconds.set(heldMs / 1000);
    if (heldMs < this.settings.holdWarnMs || now - this.lastWarnedAt < this.settings.holdWarnMs) return;
    this.lastWarnedAt = now;
    const holder = await this.relay.oldestOpenTransaction();
    this.holder =
      holder &&
      `pid ${holder.pid} (${holder.applicationName || 'no application name'}, ${holder.state ?? 'state unknown'}, open since ${holder.openSince.toISOString()})`;
    this.logger.warn({
      msg: 'rack-transitions held back: committed transitions wait for an older transaction to end',
      heldSeconds: Math.round(heldMs / 1000),
      openTransaction: holder && {
        pid: holder.pid,
        database: holder.database,
        applicationName: holder.applicationName,
        openSince: holder.openSince,
        state: holder.state,
      },
    });
  }
}
