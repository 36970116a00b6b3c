import type { Principal } from '#platform';
import { alertsAuditEntry } from '../common/configuration-audit.js';
import { Injectable } from '@nestjs/common';
import {
  DEFAULT_ALERT_RULES,
  resolveAlertRules,
  validateAlertRules,
  type AlertRuleOverrides,
  type AlertRuleSet,
} from '#domain';
import { AlertsError } from '../alerts.error.js';
import { UnitOfWork } from '#persistence';
import { Clock } from '#platform';
import { SiteThroughputReader } from '#persistence';
import { EvaluationScheduler } from '../evaluate-alerts/evaluation.scheduler.js';
import type { PutSiteRulesDto } from './put-site-rules.dto.js';

export interface SiteRulesView {
  siteId: string;
  /** The rules in force: the defaults with the site's overrides laid over them. */
  rules: AlertRuleSet;
  overrides: AlertRuleOverrides;
  defaults: AlertRuleSet;
  updatedAt: string | null;
}

/** Plain JSON of the DTO: only the fields the client sent, so unset ones keep following the defaults. */
function overridesOf(dto: PutSiteRulesDto): AlertRuleOverrides {
  return JSON.parse(JSON.stringify(dto)) as AlertRuleOverrides;
}

@Injectable()
export class SiteRulesUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: SiteThroughputReader,
    private readonly clock: Clock,
    private readonly scheduler: EvaluationScheduler,
  ) {}

  async get(siteId: string): Promise<SiteRulesView> {
    const settings = await this.reader.settings(this.uow.pool, siteId);
    return {
      siteId,
      rules: settings.rules,
      overrides: (settings.ruleOverrides?.overrides ?? {}) as AlertRuleOverrides,
      defaults: DEFAULT_ALERT_RULES,
      updatedAt: settings.ruleOverrides?.updatedAt.toISOString() ?? null,
    };
  }

  async put(siteId: string, dto: PutSiteRulesDto, actor: Principal): Promise<SiteRulesView> {
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
    return this.get(siteId);
  }
}
