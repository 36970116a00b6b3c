import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { Clock, type Principal } from '#platform';
import { AlertsError } from '../alerts.error.js';
import { alertsAuditEntry } from '../common/configuration-audit.js';
import type { CreateWebhookDto } from './create-webhook.dto.js';
import { WebhookDestinationPolicy } from './webhook-destination.js';
import { redactWebhookUrl } from './webhook-url.js';
import { toWebhookView, type WebhookView } from './webhook.view.js';

/** Registers a webhook, audited in the same transaction. */
@Injectable()
export class RegisterWebhookUseCase {
  private readonly logger = new Logger(RegisterWebhookUseCase.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly destinations: WebhookDestinationPolicy,
  ) {}

  async execute(dto: CreateWebhookDto, actor: Principal): Promise<WebhookView> {
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
}
