import { Inject, Injectable } from '@nestjs/common';
import { acknowledgementRefusal } from '#domain';
import { UnitOfWork, type Repositories } from '#persistence';
import { Clock, type Principal } from '#platform';
import { API_CONFIG, type ApiConfig } from '../api.config.js';
import { ApiError } from '../api.error.js';
import { recordChange } from '../common/audit-entry.js';
import type { AcknowledgeAlertDto } from './acknowledge-alert.dto.js';
import { toAlertView, type AlertView } from './alert.view.js';

const REFUSALS = {
  already_acknowledged: 'was acknowledged already',
  resolved: 'is resolved',
  not_firing: 'is not firing',
} as const;

/**
 * A person on the floor takes a firing alert (andon): their name, when, and a note are kept on the alert, which
 * stops its escalation; the audit entry keeps the token that made the call as well. Once per alert.
 */
@Injectable()
export class AcknowledgeAlertUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  execute(id: string, body: AcknowledgeAlertDto, actor: Principal): Promise<AlertView> {
    return this.uow.write(async (repositories) => {
      await repositories.audit.lockSubject('alert', id);
      const alert = await repositories.alerts.findById(id);
      if (!alert) throw new ApiError('alert_not_found', `No alert ${id}`);
      const note = body.note?.trim() || null;
      // The alerts service may resolve the alert meanwhile: the update only takes a firing, unacknowledged alert.
      const taken =
        acknowledgementRefusal(alert) === null &&
        (await repositories.alerts.acknowledge(id, body.by.trim(), note, this.clock.now()));
      if (!taken) {
        const latest = (await repositories.alerts.findById(id)) ?? alert;
        const reason = acknowledgementRefusal(latest) ?? 'not_firing';
        const who = reason === 'already_acknowledged' ? ` by ${latest.acknowledgedBy}` : '';
        throw new ApiError('alert_not_acknowledgeable', `Alert ${id} ${REFUSALS[reason]}${who}`);
      }
      const after = await this.view(repositories, id);
      await recordChange(repositories, actor, {
        action: 'alert.acknowledge',
        subjectType: 'alert',
        subjectId: id,
        before: { status: alert.status, acknowledgedBy: null, acknowledgedAt: null, acknowledgeNote: null },
        after: {
          status: after.status,
          acknowledgedBy: after.acknowledgedBy,
          acknowledgedAt: after.acknowledgedAt,
          acknowledgeNote: after.acknowledgeNote,
        },
      });
      return after;
    });
  }

  private async view(repositories: Repositories, id: string): Promise<AlertView> {
    const alert = await repositories.alerts.findById(id);
    if (!alert) throw new ApiError('alert_not_found', `No alert ${id}`);
    const events = await repositories.alerts.findEvents([id]);
    const deliveries = await repositories.deliveries.findByAlertEvents(events.map((event) => event.id));
    return toAlertView(alert, events, deliveries, this.config.ALERT_ESCALATION_MINUTES);
  }
}
