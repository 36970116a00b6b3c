import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork, type Repositories, type StoredAlert } from '#persistence';
import { API_CONFIG, type ApiConfig } from '../api.config.js';
import { ApiError } from '../api.error.js';
import { decodeAlertCursor, encodeAlertCursor } from './alert-cursor.js';
import { toAlertView, type AlertPage, type AlertView } from './alert.view.js';
import type { ListAlertsDto } from './list-alerts.dto.js';

/** Alerts with their history, read in one snapshot so an alert never shows a state its history lacks. */
@Injectable()
export class AlertQuery {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async list(query: ListAlertsDto): Promise<AlertPage> {
    const beforeId = query.cursor === undefined ? null : decodeAlertCursor(query.cursor);
    return this.uow.read(async (repositories) => {
      const rows = await repositories.alerts.list(
        { siteId: query.siteId, rule: query.rule, status: query.status, severity: query.severity },
        { beforeId, limit: query.limit + 1 },
      );
      const kept = rows.slice(0, query.limit);
      const items = await this.withHistory(repositories, kept);
      const last = kept[kept.length - 1];
      return { items, nextCursor: rows.length > query.limit && last ? encodeAlertCursor(last.id) : null };
    });
  }

  async get(id: string): Promise<AlertView> {
    return this.uow.read(async (repositories) => {
      const alert = await repositories.alerts.findById(id);
      if (!alert) throw new ApiError('alert_not_found', `No alert ${id}`);
      const [view] = await this.withHistory(repositories, [alert]);
      return view;
    });
  }

  private async withHistory(repositories: Repositories, rows: StoredAlert[]): Promise<AlertView[]> {
    const events = await repositories.alerts.findEvents(rows.map((alert) => alert.id));
    const sent = await repositories.deliveries.findByAlertEvents(events.map((event) => event.id));
    return rows.map((alert) => toAlertView(alert, events, sent, this.config.ALERT_ESCALATION_MINUTES));
  }
}
