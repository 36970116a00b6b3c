import type { ApiClient } from './api-client.js';
import type { HoldReason, Page, RackSummary } from './api-types.js';

const MAX_HELD = 200;

/**
 * Why each held rack of the site is on hold, from `GET /v1/racks?status=on_hold` (the WIP figures carry no
 * reasons): the WIP and stuck lists show it beside the rack.
 */
export class HoldReasons {
  private reasons = new Map<string, HoldReason>();
  private loading: Promise<boolean> | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly site: string,
  ) {}

  /** Reloads the held racks; true when what is known changed. */
  refresh(): Promise<boolean> {
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** "burn-in fan noise (BI-FAN)", or null when the rack is not held or gave no reason. */
  reasonOf(serial: string): string | null {
    const hold = this.reasons.get(serial);
    if (!hold) return null;
    const text = [hold.reason, hold.reasonCode ? `(${hold.reasonCode})` : null].filter(Boolean).join(' ');
    return text || null;
  }

  private async load(): Promise<boolean> {
    const query = new URLSearchParams({ site: this.site, status: 'on_hold', limit: String(MAX_HELD) });
    const page = await this.api.get<Page<RackSummary>>(`/v1/racks?${query.toString()}`);
    const next = new Map<string, HoldReason>();
    for (const rack of page.items) if (rack.holdReason) next.set(rack.serial, rack.holdReason);
    const changed =
      next.size !== this.reasons.size ||
      [...next].some(([serial, hold]) => this.reasons.get(serial)?.reason !== hold.reason);
    this.reasons = next;
    return changed;
  }
}
