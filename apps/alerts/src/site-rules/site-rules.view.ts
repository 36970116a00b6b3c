import type { AlertRuleOverrides, AlertRuleSet } from '#domain';

/** A site's alert rules as the admin API shows them. */
export interface SiteRulesView {
  siteId: string;
  /** The rules in force: the defaults with the site's overrides laid over them. */
  rules: AlertRuleSet;
  overrides: AlertRuleOverrides;
  defaults: AlertRuleSet;
  updatedAt: string | null;
}
