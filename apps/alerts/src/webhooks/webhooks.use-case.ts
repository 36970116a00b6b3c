import type { Principal } from '#platform';
import { alertsAuditEntry } from '../common/configuration-audit.js';
import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { renderWebhookBody, testNotice, isWebhookKind } from '#contracts';
import { AlertsError } from '../alerts.error.js';
import { UnitOfWork } from '#persistence';
import { Clock } from '#platform';
import { DashboardLink } from '../common/dashboard-link.js';
import { DeliverWebhooksUseCase } from '../deliver-webhooks/deliver-webhooks.use-case.js';
import type { CreateWebhookDto } from './create-webhook.dto.js';
import { WebhookDestinationPolicy } from './webhook-destination.js';
import { redactWebhookUrl } from './webhook-url.js';
import { toDeliveryView, toWebhookView, type DeliveryView, type WebhookView } from './webhook.view.js';

export interface TestDeliveryView extends DeliveryView {
  webhookId: string;
}

const RECENT_DELIVERIES = 50;

/** Registering, listing, deleting and testing webhooks. */
@Injectable()
export class WebhooksUseCase {
  private readonly logger = new Logger(WebhooksUseCase.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly dashboard: DashboardLink,
    private readonly deliver: DeliverWebhooksUseCase,
    private readonly destinations: WebhookDestinationPolicy,
  ) {}

  async create(dto: CreateWebhookDto, actor: Principal): Promise<WebhookView> {
    const url = new URL(dto.url);
    // A name's addresses are checked again at every delivery; what the URL alone shows is refused now.
    const destinationProblem = this.destinations.urlProblem(url);
    if (destinationProblem !== null) {
      throw new AlertsError('invalid_webhook', 'Validation failed', [
        { path: 'url', reason: destinationProblem },
      ]);
    }
    const webhook = await this.uow.write(async (repositories) => {
      const created = await repositories.webhooks.insert(
        {
          id: randomUUID(),
          name: dto.name ?? `${dto.kind} ${url.host}`,
          url: dto.url,
          kind: dto.kind,
          secret: dto.secret ?? null,
          siteIds: [...new Set(dto.siteIds)],
          minSeverity: dto.minSeverity,
        },
        this.clock.now(),
      );
      // The audit shows the webhook as its readers see it: URL redacted, secret never.
      await repositories.audit.append(
        alertsAuditEntry(actor, {
          action: 'webhook.create',
          subjectType: 'webhook',
          subjectId: created.id,
          before: null,
          after: toWebhookView(created),
        }),
      );
      return created;
    });
    this.logger.log({
      msg: 'webhook registered',
      webhookId: webhook.id,
      kind: webhook.kind,
      target: redactWebhookUrl(webhook.url),
    });
    return toWebhookView(webhook);
  }

  async list(): Promise<WebhookView[]> {
    return (await this.uow.pool.webhooks.findActive()).map(toWebhookView);
  }

  async get(id: string): Promise<WebhookView> {
    const webhook = await this.uow.pool.webhooks.findActiveById(id);
    if (!webhook) throw notFound(id);
    return toWebhookView(webhook);
  }

  async deliveries(id: string): Promise<DeliveryView[]> {
    const repositories = this.uow.pool;
    if (!(await repositories.webhooks.findActiveById(id))) throw notFound(id);
    return (await repositories.deliveries.listForWebhook(id, RECENT_DELIVERIES)).map(toDeliveryView);
  }

  /** Stops the webhook; what it still had queued is cancelled, not sent. */
  async delete(id: string, actor: Principal): Promise<void> {
    const now = this.clock.now();
    const deleted = await this.uow.write(async (repositories) => {
      await repositories.audit.lockSubject('webhook', id);
      const before = await repositories.webhooks.findActiveById(id);
      if (!before || !(await repositories.webhooks.markDeleted(id, now))) return false;
      await repositories.audit.append(
        alertsAuditEntry(actor, {
          action: 'webhook.delete',
          subjectType: 'webhook',
          subjectId: id,
          before: toWebhookView(before),
          after: null,
        }),
      );
      await repositories.deliveries.cancelPendingForWebhook(id, now);
      return true;
    });
    if (!deleted) throw notFound(id);
    this.logger.log({ msg: 'webhook deleted', webhookId: id });
  }

  /** Sends a test message now, once, through the outbox (so it shows among the deliveries), and reports how it went. */
  async test(id: string): Promise<TestDeliveryView> {
    const repositories = this.uow.pool;
    const webhook = await repositories.webhooks.findActiveById(id);
    if (!webhook || !isWebhookKind(webhook.kind)) throw notFound(id);
    const now = this.clock.now();
    const notice = testNotice(
      `test-${randomUUID()}`,
      webhook.name,
      now,
      this.dashboard.forSite(webhook.siteIds[0]),
    );
    const body = renderWebhookBody(webhook.kind, notice);
    const row = { webhookId: webhook.id, alertEventId: null, noticeType: notice.type, body };
    const deliveryId = await repositories.deliveries.insertClaimed(row, now, this.deliver.leaseUntil(now));
    await this.deliver.attempt(
      {
        id: deliveryId,
        webhookId: webhook.id,
        alertEventId: null,
        noticeType: notice.type,
        body,
        attempts: 1,
        url: webhook.url,
        kind: webhook.kind,
        secret: webhook.secret,
      },
      true,
    );
    const delivery = await repositories.deliveries.findById(deliveryId);
    if (!delivery) throw new Error(`delivery ${deliveryId} vanished`);
    return { webhookId: webhook.id, ...toDeliveryView(delivery) };
  }
}

function notFound(id: string): AlertsError {
  return new AlertsError('webhook_not_found', `no webhook ${id}`);
}
