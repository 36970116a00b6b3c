import { Injectable } from '@nestjs/common';
import { DEFAULT_ALERT_RULES, type AlertRuleOverrides } from '#domain';
import { SiteThroughputReader, UnitOfWork } from '#persistence';
import type { SiteRulesView } from './site-rules.view.js';

/** A site's alert rules: the overrides it stores, the defaults, and the two laid together. */
@Injectable()
export class SiteRulesQuery {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: SiteThroughputReader,
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
}
