import { Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { Clock, type Principal } from '#platform';
import { alertsAuditEntry } from '../common/configuration-audit.js';
import { webhookNotFound } from './webhook-not-found.js';
import { toWebhookView } from './webhook.view.js';

/** Stops a webhook; what it still had queued is cancelled, not sent. */
@Injectable()
export class RemoveWebhookUseCase {
  private readonly logger = new Logger(RemoveWebhookUseCase.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(id: string, actor: Principal): Promise<void> {
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
    if (!deleted) throw webhookNotFound(id);
    this.logger.log({ msg: 'webhook deleted', webhookId: id });
  }
}
