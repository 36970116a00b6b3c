import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AlertRepository, WebhookDeliveryRepository, type StoredAlert } from '#persistence';
import { decodeAlertCursor, encodeAlertCursor } from './alert-cursor.js';
import { toAlertView, type AlertView } from './alert.view.js';
import type { ListAlertsQueryDto } from './list-alerts.query.dto.js';

export interface AlertPage {
  items: AlertView[];
  nextCursor: string | null;
}

/** Alerts with their history, read in one snapshot so an alert never shows a state its history lacks. */
@Injectable()
export class AlertQueryService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: ListAlertsQueryDto): Promise<AlertPage> {
    const beforeId = query.cursor === undefined ? null : decodeAlertCursor(query.cursor);
    return this.snapshot(async (alerts, deliveries) => {
      const rows = await alerts.list(
        { siteId: query.siteId, rule: query.rule, status: query.status, severity: query.severity },
        { beforeId, limit: query.limit + 1 },
      );
      const kept = rows.slice(0, query.limit);
      const items = await this.withHistory(alerts, deliveries, kept);
      const last = kept[kept.length - 1];
      return { items, nextCursor: rows.length > query.limit && last ? encodeAlertCursor(last.id) : null };
    });
  }

  async get(id: string): Promise<AlertView> {
    return this.snapshot(async (alerts, deliveries) => {
      const alert = await alerts.findById(id);
      if (!alert) throw new NotFoundException(`no alert ${id}`);
      const [view] = await this.withHistory(alerts, deliveries, [alert]);
      return view;
    });
  }

  private async withHistory(
    alerts: AlertRepository,
    deliveries: WebhookDeliveryRepository,
    rows: StoredAlert[],
  ): Promise<AlertView[]> {
    const events = await alerts.findEvents(rows.map((alert) => alert.id));
    const sent = await deliveries.findByAlertEvents(events.map((event) => event.id));
    return rows.map((alert) => toAlertView(alert, events, sent));
  }

  private snapshot<T>(
    work: (alerts: AlertRepository, deliveries: WebhookDeliveryRepository) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return work(new AlertRepository(manager), new WebhookDeliveryRepository(manager));
    });
  }
}
