import { Injectable } from '@nestjs/common';
import { resolveAlertRules, validateAlertRules, type AlertRuleOverrides } from '#domain';
import { UnitOfWork } from '#persistence';
import { Clock, type Principal } from '#platform';
import { AlertsError } from '../alerts.error.js';
import { alertsAuditEntry } from '../common/configuration-audit.js';
import { EvaluationScheduler } from '../evaluate-alerts/evaluation.scheduler.js';
import type { PutSiteRulesDto } from './put-site-rules.dto.js';
import { SiteRulesQuery } from './site-rules.query.js';
import type { SiteRulesView } from './site-rules.view.js';

/** Plain JSON of the DTO: only the fields the client sent, so unset ones keep following the defaults. */
function overridesOf(dto: PutSiteRulesDto): AlertRuleOverrides {
  return JSON.parse(JSON.stringify(dto)) as AlertRuleOverrides;
}

/** Replaces a site's rule overrides, audited, and asks for an evaluation under the new rules. */
@Injectable()
export class PutSiteRulesUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly scheduler: EvaluationScheduler,
    private readonly query: SiteRulesQuery,
  ) {}

  async execute(siteId: string, dto: PutSiteRulesDto, actor: Principal): Promise<SiteRulesView> {
    const overrides = overridesOf(dto);
    const problems = validateAlertRules(resolveAlertRules(overrides));
    if (problems.length > 0) throw new AlertsError('invalid_site_rules', 'Validation failed', problems);
    const now = this.clock.now();
    await this.uow.write(async (repositories) => {
      await repositories.audit.lockSubject('rules', siteId);
      const before = await repositories.siteTargets.findRuleOverrides(siteId);
      const after = await repositories.siteTargets.upsertRuleOverrides(siteId, overrides, now);
      await repositories.audit.append(
        alertsAuditEntry(actor, {
          action: 'rules.put',
          subjectType: 'rules',
          subjectId: siteId,
          before,
          after,
        }),
      );
    });
    this.scheduler.request(`rules:${siteId}`);
    return this.query.get(siteId);
  }
}
