import { Inject, Injectable } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { MetricsRegistry, type HttpErrorBody } from '#platform';

export type EventOutcome = 'accepted' | 'duplicate';
export type RejectionReason = 'invalid' | 'unauthorized' | 'forbidden' | 'unavailable' | 'too_large';

/**
 * Refusals by the reason operators watch. Every route counts, the admin API included: a burst of 401s is
 * worth seeing wherever it lands. 404, 409 and 500 are not refusals of a terminal's input, so they are not counted.
 */
const REASON_BY_STATUS: Readonly<Record<number, RejectionReason>> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  413: 'too_large',
  415: 'invalid',
  503: 'unavailable',
};

@Injectable()
export class IngestMetrics {
  private readonly events: Counter<'status'>;
  private readonly rejections: Counter<'reason'>;
  private readonly stationTokenLookups: Counter;

  constructor(@Inject(MetricsRegistry) metrics: MetricsRegistry) {
    this.events = metrics.counter({
      name: 'ingest_events_total',
      help: 'Station events answered, by outcome',
      labelNames: ['status'],
    });
    this.rejections = metrics.counter({
      name: 'ingest_requests_rejected_total',
      help: 'Requests refused, by reason',
      labelNames: ['reason'],
    });
    this.stationTokenLookups = metrics.counter({
      name: 'ingest_station_token_lookups_total',
      help: 'Queries of the station table for a token (cache misses of the token check)',
    });
    // Present from the first scrape, so rate() and absent-series alerts work before the first event.
    for (const status of ['accepted', 'duplicate'] satisfies EventOutcome[]) this.events.inc({ status }, 0);
    for (const reason of new Set(Object.values(REASON_BY_STATUS))) this.rejections.inc({ reason }, 0);
  }

  countStationTokenLookup(): void {
    this.stationTokenLookups.inc();
  }

  countEvents(status: EventOutcome, count: number): void {
    if (count > 0) this.events.inc({ status }, count);
  }

  /** Hooked into the global exception filter, which sees every error response, body-parser ones included. */
  countErrorResponse(body: HttpErrorBody): void {
    const reason = REASON_BY_STATUS[body.statusCode];
    if (reason) this.rejections.inc({ reason });
  }
}
